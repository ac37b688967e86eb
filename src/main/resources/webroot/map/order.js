/*
 * The order of the nearest list: the server's order (nearest first, or whatever it leads with),
 * with the stations closed now moved after the others. Their seats are not free to a worker who
 * needs a rest now, so they never lead the list.
 */

/** Whether the station is known to be closed now. */
export function isClosed(feature) {
  return feature.properties.open_state === 'closed';
}

/**
 * The features with the closed ones after the rest, each group in the order given (a stable
 * partition: the server's ranking within each group is kept).
 */
export function openFirst(features) {
  return features.filter((f) => !isClosed(f)).concat(features.filter(isClosed));
}

/** True when the list holds closed stations after open (or unknown) ones: the order says so. */
export function movedClosed(features) {
  return features.some(isClosed) && !features.every(isClosed);
}
