/*
 * Free seats on arrival (docs/stations.md): the line a nearby feature's `arrival` object gives,
 * "About 3 free seats when you arrive (1–5)" or "Not enough history to predict". Nothing when the
 * answer has no `arrival` (predictions off, or not built yet since the server started).
 */

import { t } from '../i18n.js';
import { state } from './state.js';
import { el } from './format.js';

function arrivalLine(arrival) {
  if (arrival.status === 'closed_at_arrival') {
    return el('span', 'item-line arrival arrival-closed', t('arrival_closed'));
  }
  if (arrival.status !== 'predicted') {
    return el('span', 'item-line arrival arrival-unknown', t('arrival_no_history'));
  }
  const n = arrival.free_seats;
  let text = t(n === 1 ? 'arrival_free_one' : 'arrival_free', { n: n });
  if (arrival.free_seats_low !== arrival.free_seats_high) {
    text += t('arrival_range', { low: arrival.free_seats_low, high: arrival.free_seats_high });
  }
  text += ' · ' + t('arrival_conf_' + arrival.confidence);
  const line = el('span', 'item-line arrival arrival-predicted', text);
  line.setAttribute('data-confidence', arrival.confidence);
  return line;
}

/** A prediction this long past its arrival time is not shown (a list kept for offline use). */
const PASSED_MS = 2 * 60 * 1000;

/**
 * Appends the arrival line of a nearby feature's properties to {@code parent}, if it has one and
 * its arrival time has not passed.
 */
export function appendArrival(parent, props) {
  if (props && props.arrival && !(Date.parse(props.arrival.time) < Date.now() - PASSED_MS)) {
    parent.append(arrivalLine(props.arrival));
  }
}

/**
 * Appends the arrival line of a station in the last nearby answer (the station page's answer has
 * no position to walk from); nothing for a station not in that list.
 */
export function appendArrivalFor(parent, id) {
  const feature = (state.nearest || []).find((f) => f.properties && f.properties.id === id);
  appendArrival(parent, feature ? feature.properties : null);
}
