/*
 * Live values of the worker map: the latest seats and temperature per station with when their
 * ages were measured, aged on the phone's clock and drawn wherever [data-live-for] asks for them.
 */

import { t } from '../i18n.js';
import { state } from './state.js';
import { el, formatAge } from './format.js';

/** Latest live values by station id: {live, at} where at is when the ages were measured. */
const liveById = new Map();

/** The stored entry of a station ({live, at}), or undefined. */
export function liveEntry(id) {
  return liveById.get(id);
}

/** Puts back an entry saved earlier (the last list kept for offline use). */
export function restoreLive(id, entry) {
  liveById.set(id, entry);
}

export function rememberLive(id, live, measuredAt) {
  liveById.set(id, { live: live, at: measuredAt });
}

/**
 * The seats and temperature of a station as shown now: ages grow with the clock since they were
 * measured, and a value past its staleness limit turns stale here without asking the server.
 */
export function liveNow(id) {
  const entry = liveById.get(id);
  if (!entry || !entry.live) {
    return null;
  }
  const extra = Math.max(0, (Date.now() - entry.at) / 1000);
  const live = entry.live;
  const out = { capacity: live.capacity };
  out.seats = measured(live, 'occupancy', extra);
  out.temp = measured(live, 'temperature_c', extra);
  if (out.seats.state === 'current' && typeof live.free_seats === 'number') {
    out.seats.free = live.free_seats;
  }
  return out;
}

function measured(live, name, extra) {
  const st = live[name + '_state'];
  const age = typeof live[name + '_age_s'] === 'number' ? live[name + '_age_s'] + extra : null;
  const limit = live[name + '_stale_after_s'];
  if (st === 'current') {
    if (typeof limit === 'number' && age > limit) {
      return { state: 'stale', value: live[name], age: age };
    }
    return { state: 'current', value: live[name], age: age };
  }
  if (st === 'stale') {
    return { state: 'stale', value: live[name + '_last_known'], age: age };
  }
  if (st === 'invalid') {
    return { state: 'invalid', age: age };
  }
  return { state: 'none' };
}

/**
 * [{cls, text}] for the seats and the temperature: what the worker came for, with ages. At a
 * station closed now the current count of free seats is not shown (they cannot be had).
 */
function liveParts(id, capacity, closed) {
  const now = liveNow(id);
  const parts = [];
  if (!now) {
    parts.push({ cls: 'unknown', text: t('seats_unknown') });
    parts.push({ cls: 'unknown', text: t('temp_unknown') });
    return parts;
  }
  const cap = typeof now.capacity === 'number' ? now.capacity : capacity;
  const s = now.seats;
  if (closed && s.state === 'current') {
    parts.push({ cls: 'closed-seats', text: t('seats_closed') });
  } else if (s.state === 'current' && typeof s.free === 'number') {
    parts.push({
      cls: s.free > 0 ? 'seats-free' : 'seats-full',
      text:
        (s.free > 0 ? t('seats_free', { free: s.free, cap: cap }) : t('seats_full', { cap: cap })) +
        ' · ' +
        t('age', { age: formatAge(s.age) }),
    });
  } else if (s.state === 'stale') {
    parts.push({ cls: 'stale', text: t('seats_stale', { n: s.value, age: formatAge(s.age) }) });
  } else if (s.state === 'invalid') {
    parts.push({ cls: 'stale', text: t('seats_invalid') });
  } else {
    parts.push({ cls: 'unknown', text: t('seats_unknown') });
  }
  const c = now.temp;
  if (c.state === 'current') {
    parts.push({
      cls: tempClass(c.value),
      text: t('temp', { t: c.value }) + ' · ' + t('age', { age: formatAge(c.age) }),
    });
  } else if (c.state === 'stale') {
    parts.push({ cls: 'stale', text: t('temp_stale', { t: c.value, age: formatAge(c.age) }) });
  } else {
    parts.push({ cls: 'unknown', text: t('temp_unknown') });
  }
  return parts;
}

function tempClass(celsius) {
  if (celsius >= 30) {
    return 'temp-hot';
  }
  if (celsius <= 12) {
    return 'temp-cold';
  }
  return 'temp-ok';
}

/**
 * Draws the live values of a station into a [data-live-for] node. A node marked data-closed (a
 * station closed now) says its seats cannot be had instead of giving a current free-seat count.
 */
export function fillLive(container, id, capacity) {
  const closed = container.getAttribute('data-closed') === 'true';
  container.replaceChildren(
    ...liveParts(id, capacity, closed).map((p) => el('span', 'live-part ' + p.cls, p.text))
  );
}

export function redrawLive(id) {
  const cap = capacityOf(id);
  for (const node of document.querySelectorAll('[data-live-for="' + CSS.escape(id) + '"]')) {
    fillLive(node, id, cap);
  }
}

export function capacityOf(id) {
  const f = state.nearest.find((x) => x.properties.id === id);
  if (f) {
    return f.properties.capacity;
  }
  return state.station && state.station.feature.properties.id === id
    ? state.station.feature.properties.capacity
    : null;
}

export function tickAges() {
  for (const node of document.querySelectorAll('[data-live-for]')) {
    const id = node.getAttribute('data-live-for');
    fillLive(node, id, capacityOf(id));
  }
}
