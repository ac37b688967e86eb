package org.yizhan.planning;

/**
 * A page of a stored set's points in a box, in stored order.
 *
 * @param matched how many of the set's points the box holds in all
 * @param index each point's position in the set (0-based), its stable id
 * @param points the page's points, {@code index[i]} being point {@code i}'s position
 */
public record PlanSetPage(int matched, int[] index, PlanPoints points) {}
