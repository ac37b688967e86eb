/*
 * The worker map's station page (#station=<id>): state, distance, live values, navigation links,
 * today's occupancy, the facts, the 12351 hotline and the report form.
 */

import { t, lang } from '../i18n.js';
import { els, state } from './state.js';
import {
  el,
  section,
  displayName,
  stateOf,
  stateText,
  distanceMetres,
  formatDistance,
  formatWalk,
  walkMinutes,
  amenityIcons,
} from './format.js';
import { API, fetchJson, problemDetail, isAbort, measuredAt, mapConfig } from './http.js';
import { rememberLive, fillLive } from './live.js';
import { appendArrivalFor } from './arrival.js';
import { busySection } from './busy.js';
import { followLive } from './stream.js';
import { hoursInWords } from './hours.js';
import { isClosed } from './order.js';
import { showArea } from './map.js';

const FEEDBACK_KINDS = [
  'closed_during_hours',
  'full',
  'no_water',
  'ac_broken',
  'no_heating',
  'dirty',
  'equipment_broken',
  'other',
];

let stationController = null;

export function openStation(id) {
  if (location.hash !== '#station=' + encodeURIComponent(id)) {
    location.hash = 'station=' + encodeURIComponent(id);
  } else {
    route();
  }
}

export function closeStation() {
  if (location.hash.indexOf('#station=') === 0) {
    history.pushState('', document.title, location.pathname + location.search);
  }
  route();
}

export function route() {
  const m = /^#station=(.+)$/.exec(location.hash);
  if (!m) {
    if (state.stationId) {
      const id = state.stationId;
      state.stationId = null;
      state.station = null;
      els.station.hidden = true;
      document.body.classList.remove('station-open');
      const item = els.nearest.querySelector('li[data-station-id="' + CSS.escape(id) + '"] a');
      if (item) {
        item.focus();
      }
      followLive();
    }
    return;
  }
  showStation(decodeURIComponent(m[1]));
}

async function showStation(id) {
  state.stationId = id;
  els.station.hidden = false;
  document.body.classList.add('station-open');
  els.stationBody.replaceChildren(el('p', 'hint', t('loading')));
  els.station.focus();
  if (stationController) {
    stationController.abort();
  }
  const controller = new AbortController();
  stationController = controller;
  const enc = encodeURIComponent(id);
  try {
    const [feature, nav, profile, config] = await Promise.all([
      fetchJson(API + '/stations/' + enc, controller.signal),
      fetchJson(API + '/stations/' + enc + '/navigation', controller.signal).catch(() => null),
      fetchJson(API + '/stations/' + enc + '/occupancy-profile', controller.signal).catch(() => null),
      mapConfig().catch(() => null),
    ]);
    if (state.stationId !== id) {
      return;
    }
    rememberLive(id, feature.data.properties.live, measuredAt(feature));
    state.station = {
      feature: feature.data,
      navigation: nav ? nav.data : null,
      profile: profile ? profile.data : null,
      config: config ? config.data : null, // the server's walking speed and detour factor
    };
    renderStation();
    followLive();
  } catch (error) {
    if (!isAbort(error) && state.stationId === id) {
      els.stationBody.replaceChildren(el('p', 'error', error.message));
    }
  }
}

export function renderStation() {
  const st = state.station;
  const props = st.feature.properties;
  const c = st.feature.geometry.coordinates;
  const body = [];
  const title = el('h2', 'st-name', displayName(props));
  title.id = 'station-name';
  body.push(title);
  if (lang() === 'zh' && props.name_en) {
    const en = el('p', 'st-name-en', props.name_en);
    en.lang = 'en';
    body.push(en);
  }
  body.push(el('p', 'st-kind', t('k_' + props.kind) + ' · ' + t('st_capacity', { n: props.capacity })));
  body.push(el('p', 'st-state state state-' + stateOf(props), stateText(props)));
  const listed = listedFeature(props.id);
  if (state.origin && state.origin.source !== 'saved') {
    const d = distanceMetres(state.origin.lat, state.origin.lon, c[1], c[0]);
    // the nearby answer's walk (along streets when the server has a walking network) if it has one
    const minutes = listed ? listed.properties.walking_time_min : walkMinutes(d, st.config);
    const source = listed ? listed.properties.walking_source : undefined;
    const walk = minutes === null || minutes === undefined ? '' : ' · ' + formatWalk(minutes, source);
    body.push(el('p', 'st-distance', formatDistance(d) + walk));
  }
  if (hasWalkingNetwork() && !document.body.classList.contains('list-only')) {
    body.push(areaButton(props.id));
  }
  if (props.photo_url) {
    const img = el('img', 'st-photo');
    img.src = props.photo_url;
    img.alt = t('st_photo');
    img.loading = 'lazy';
    body.push(img);
  }

  const now = section('st_live', 'st-live');
  const live = el('p', 'live big-live');
  live.setAttribute('data-live-for', props.id);
  if (isClosed(st.feature)) {
    live.setAttribute('data-closed', 'true');
  }
  fillLive(live, props.id, props.capacity);
  now.append(live);
  appendArrivalFor(now, props.id);
  body.push(now);

  if (st.navigation && st.navigation.links) {
    const nav = section('st_navigate', 'st-nav');
    const row = el('div', 'nav-buttons');
    for (const [key, label] of [
      ['amap', 'nav_amap'],
      ['baidu', 'nav_baidu'],
      ['tencent', 'nav_tencent'],
      ['geo', 'nav_geo'],
    ]) {
      const href = st.navigation.links[key];
      if (!href) {
        continue;
      }
      const a = el('a', 'nav-button nav-' + key, t(label));
      a.href = href;
      a.rel = 'noopener';
      if (key !== 'geo') {
        a.target = '_blank';
      }
      row.append(a);
    }
    nav.append(row);
    body.push(nav);
  }

  body.push(busySection(st.profile, props));

  const facts = el('dl', 'st-facts');
  const fact = (key, value) => {
    facts.append(el('dt', null, t(key)));
    const dd = el('dd');
    if (value instanceof Node) {
      dd.append(value);
    } else {
      dd.textContent = value;
    }
    facts.append(dd);
  };
  fact('st_hours', hoursInWords(props.opening_hours) || props.opening_hours || t('st_hours_none'));
  if (props.address) {
    fact('st_address', props.address);
  }
  fact('st_amenities', props.amenities && props.amenities.length ? amenityIcons(props.amenities, true) : t('st_amenities_none'));
  if (props.phone) {
    const tel = el('a', 'tel', props.phone);
    tel.href = 'tel:' + props.phone.replace(/[^0-9+]/g, '');
    fact('st_phone', tel);
  }
  body.push(facts);

  const hotline = el('p', 'hotline');
  const call = el('a', 'hotline-link', t('st_hotline'));
  call.href = 'tel:12351';
  hotline.append(call, el('span', 'hint', t('st_hotline_note')));
  body.push(hotline);

  body.push(reportSection(props.id));
  els.stationBody.replaceChildren(...body);
}

function listedFeature(id) {
  return (state.nearest || []).find((f) => f.properties && f.properties.id === id) || null;
}

/** The server walks along streets: the last nearby answer has a walk on its network. */
function hasWalkingNetwork() {
  return (state.nearest || []).some((f) => f.properties && f.properties.walking_source === 'network');
}

/** A button that shows where one can walk to the station from within 15 minutes, on the map. */
function areaButton(id) {
  const p = el('p', 'st-area');
  const button = el('button', 'st-area-button', t('st_area'));
  button.type = 'button';
  const note = el('span', 'hint');
  note.setAttribute('role', 'status');
  button.addEventListener('click', async () => {
    button.disabled = true;
    note.textContent = t('loading');
    try {
      const answer = await fetchJson(API + '/stations/' + encodeURIComponent(id) + '/isochrone?minutes=15');
      closeStation();
      await showArea(answer.data);
    } catch (error) {
      note.textContent = error.message;
      button.disabled = false;
    }
  });
  p.append(button, note);
  return p;
}

function reportSection(id) {
  const s = section('st_report', 'st-report');
  const form = el('form', 'report-form');
  const kindLabel = el('label', 'field');
  kindLabel.append(el('span', null, t('report_kind')));
  const select = el('select');
  select.name = 'kind';
  select.setAttribute('aria-required', 'true');
  // Nothing is chosen for the worker: the first entry only asks for a choice.
  const choose = el('option', null, t('report_choose'));
  choose.value = '';
  choose.selected = true;
  select.append(choose);
  for (const k of FEEDBACK_KINDS) {
    const o = el('option', null, t('fb_' + k));
    o.value = k;
    select.append(o);
  }
  kindLabel.append(select);
  const textLabel = el('label', 'field');
  textLabel.append(el('span', null, t('report_text')));
  const text = el('textarea');
  text.name = 'text';
  text.maxLength = 500;
  text.rows = 3;
  textLabel.append(text);
  const send = el('button', 'primary-button', t('report_send'));
  send.type = 'submit';
  const result = el('p', 'report-result');
  result.setAttribute('role', 'status');
  form.append(kindLabel, textLabel, send, result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!select.value) {
      result.textContent = t('report_pick_kind');
      result.className = 'report-result error';
      select.setAttribute('aria-invalid', 'true');
      select.focus();
      return;
    }
    select.removeAttribute('aria-invalid');
    send.disabled = true;
    try {
      const body = { kind: select.value };
      if (text.value.trim()) {
        body.text = text.value.trim();
      }
      const response = await fetch(API + '/stations/' + encodeURIComponent(id) + '/feedback', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) {
        throw new Error(await problemDetail(response));
      }
      result.textContent = t('report_sent');
      result.className = 'report-result ok';
      text.value = '';
      select.value = '';
    } catch (error) {
      result.textContent = t('report_failed', { reason: error.message || t('no_connection') });
      result.className = 'report-result error';
    } finally {
      send.disabled = false;
    }
  });
  s.append(form);
  return s;
}
