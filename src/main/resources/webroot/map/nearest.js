/*
 * The worker map's nearest list: the ten stations nearest to the worker's position (GPS, a tap on
 * the map or a searched place) in the server's order with the closed ones moved last (order.js), kept in localStorage for when the network
 * goes, and the geolocation that starts it.
 */

import { els, state } from './state.js';
import {
  el,
  say,
  coordText,
  displayName,
  stateOf,
  stateText,
  formatDistance,
  formatWalk,
  formatTime,
  amenityIcons,
} from './format.js';
import { API, fetchJson, isAbort, measuredAt } from './http.js';
import { rememberLive, fillLive, liveEntry, restoreLive } from './live.js';
import { filterParams } from './filters.js';
import { showOriginAndNearest, fitToNearest } from './map.js';
import { followLive } from './stream.js';
import { appendArrival } from './arrival.js';
import { openFirst, isClosed, movedClosed } from './order.js';

const NEAREST_COUNT = 10;

const SAVED_KEY = 'yizhan.last-results';

export function nearestItem(feature, index) {
  const props = feature.properties;
  const li = el('li', 'station-item' + (isClosed(feature) ? ' is-closed' : ''));
  li.setAttribute('data-station-id', props.id);
  const link = el('a', 'item-link');
  link.href = '#station=' + encodeURIComponent(props.id);
  const head = el('span', 'item-head');
  head.append(el('span', 'rank-badge rank-' + stateOf(props), String(index + 1)));
  head.append(el('span', 'item-name', displayName(props)));
  link.append(head);
  const where = el('span', 'item-line distance');
  where.textContent =
    formatDistance(props.distance_m) +
    (typeof props.walking_time_min === 'number'
      ? ' · ' + formatWalk(props.walking_time_min, props.walking_source)
      : '');
  link.append(where);
  link.append(el('span', 'item-line state state-' + stateOf(props), stateText(props)));
  const live = el('span', 'item-line live');
  live.setAttribute('data-live-for', props.id);
  if (isClosed(feature)) {
    live.setAttribute('data-closed', 'true'); // its seats are not free now
  }
  fillLive(live, props.id, props.capacity);
  link.append(live);
  appendArrival(link, props);
  link.append(amenityIcons(props.amenities, false));
  if (props.address) {
    link.append(el('span', 'item-line address', props.address));
  }
  li.append(link);
  return li;
}

function renderNearest() {
  const o = state.origin;
  els.nearest.replaceChildren(...state.nearest.map(nearestItem));
  els.nearestOrder.hidden = !movedClosed(state.nearest);
  if (o) {
    els.nearest.setAttribute('data-lat', coordText(o.lat));
    els.nearest.setAttribute('data-lon', coordText(o.lon));
  }
  if (!o) {
    return;
  }
  const n = state.nearest.length;
  if (n === 0) {
    say(els.nearestStatus, 'none_nearby');
  } else if (o.source === 'saved' || o.storedAt) {
    const when = new Date(o.storedAt || o.savedAt).toISOString();
    say(els.nearestStatus, 'nearest_from_saved', { time: formatTime(when) });
  } else if (o.source === 'gps') {
    say(els.nearestStatus, 'nearest_from_gps', { n: n });
  } else if (o.source === 'place') {
    say(els.nearestStatus, 'nearest_from_place', { n: n, place: o.label });
  } else {
    say(els.nearestStatus, 'nearest_from_point', { n: n });
  }
  if (n > 0 && !state.firstUseful) {
    state.firstUseful = true;
    performance.mark('yz-first-useful');
    mapWhenListed();
  }
}

/** Starts the map once the first list is shown (or the list failed); set by onListed. */
let mapWhenListed = () => undefined;

export function onListed(startMap) {
  mapWhenListed = startMap;
}

let nearestController = null;
let nearestSeq = 0;

/**
 * Lists the stations nearest to a point. The map is fitted to them unless {@code keepView} (a
 * filter change: the worker's view stays where it is).
 */
export async function choosePosition(lat, lon, source, label, keepView) {
  state.origin = {
    lat: Number(coordText(lat)),
    lon: Number(coordText(lon)),
    source: source,
    label: label || null,
  };
  if (nearestController) {
    nearestController.abort();
  }
  const controller = new AbortController();
  nearestController = controller;
  const seq = ++nearestSeq;
  say(els.nearestStatus, 'finding');
  const url =
    API +
    '/stations/nearby?lat=' +
    coordText(lat) +
    '&lon=' +
    coordText(lon) +
    '&limit=' +
    NEAREST_COUNT +
    filterParams();
  try {
    const answer = await fetchJson(url, controller.signal);
    if (seq !== nearestSeq) {
      return;
    }
    const features = Array.isArray(answer.data.features) ? answer.data.features : [];
    const at = measuredAt(answer);
    features.forEach((f) => rememberLive(f.properties.id, f.properties.live, at));
    state.nearest = openFirst(features);
    state.origin.storedAt = answer.storedAt; // an offline copy: say how old
    renderNearest();
    showOriginAndNearest();
    if (!keepView) {
      fitToNearest();
    }
    followLive();
    save();
  } catch (error) {
    if (!isAbort(error) && seq === nearestSeq) {
      say(els.nearestStatus, 'nearest_failed', { reason: error.message }, true);
      mapWhenListed();
    }
  }
}

/** Keeps the last answer so a phone that loses its network still shows where to go. */
function save() {
  try {
    localStorage.setItem(
      SAVED_KEY,
      JSON.stringify({
        savedAt: Date.now(),
        origin: state.origin,
        nearest: state.nearest,
        live: state.nearest.map((f) => [f.properties.id, liveEntry(f.properties.id) || null]),
      })
    );
  } catch (e) {
    // storage full or blocked: nothing saved
  }
}

export function restoreSaved() {
  let saved;
  try {
    saved = JSON.parse(localStorage.getItem(SAVED_KEY) || 'null');
  } catch (e) {
    return false;
  }
  if (!saved || !saved.origin || !Array.isArray(saved.nearest) || saved.nearest.length === 0) {
    return false;
  }
  for (const [id, entry] of saved.live || []) {
    if (entry) {
      restoreLive(id, entry);
    }
  }
  state.origin = Object.assign({}, saved.origin, { source: 'saved', savedAt: saved.savedAt });
  state.nearest = openFirst(saved.nearest);
  renderNearest();
  showOriginAndNearest();
  fitToNearest();
  return true;
}

// ---------------------------------------------------------------- geolocation

export function locateMe() {
  if (!navigator.geolocation) {
    say(els.nearestStatus, 'geo_unavailable', null, true);
    return;
  }
  els.nearMe.setAttribute('aria-busy', 'true');
  say(els.nearestStatus, 'locating');
  navigator.geolocation.getCurrentPosition(
    (position) => {
      els.nearMe.setAttribute('aria-busy', 'false');
      choosePosition(position.coords.latitude, position.coords.longitude, 'gps');
    },
    (error) => {
      els.nearMe.setAttribute('aria-busy', 'false');
      const key = error && error.code === 1 ? 'geo_denied' : error && error.code === 3 ? 'geo_timeout' : 'geo_unavailable';
      say(els.nearestStatus, key, null, true);
      mapWhenListed();
    },
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
  );
}

export async function locateIfAllowed() {
  try {
    if (navigator.permissions && navigator.geolocation) {
      const p = await navigator.permissions.query({ name: 'geolocation' });
      if (p.state === 'granted') {
        locateMe();
        return true;
      }
    }
  } catch (e) {
    // no permissions API: wait for the button
  }
  return false;
}
