/**
 * Siting new stations on a {@link org.yizhan.planning.CoverInstance}: maximal covering (MCLP), set
 * covering to a target share (LSCP) and p-median, each with a fast heuristic (lazy greedy, then
 * 1-swap improvement), an exact method through OR-Tools and a proven bound, so every answer says
 * how far from the best it can be. {@link org.yizhan.planning.siting.Siting} is the entry point;
 * the models, bounds and the exact-or-heuristic policy are described in docs/planning-siting.md.
 */
package org.yizhan.planning.siting;
