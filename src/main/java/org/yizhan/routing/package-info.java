/**
 * Walking network: GraphHopper's foot routing over a configured OSM extract, used to re-rank nearby
 * answers by walking time and to draw walking isochrones around stations. {@link
 * org.yizhan.routing.WalkingNetwork} is the feature's face; GraphHopper stays in {@code internal}.
 */
package org.yizhan.routing;
