/*
 * The worker map's filters: the chips, amenities and kind, as query parameters for the server and
 * as the same test for the single-station markers drawn in the page.
 */

import { t } from '../i18n.js';
import { els, state } from './state.js';
import { el, AMENITY_ICON } from './format.js';
import { liveNow } from './live.js';

const FILTER_AMENITIES = [
  'drinking_water',
  'meal_heating',
  'toilet',
  'phone_charging',
  'battery_swap',
  'medicine_kit',
  'aed',
  'truck_parking',
  'air_conditioning',
  'heating',
  'shower',
  'wifi',
];
const KINDS = [
  'urban_rest_station',
  'drivers_home',
  'workers_home',
  'service_area_station',
  'mine_station',
  'mother_baby_room',
];

export function filterParams() {
  const f = state.filters;
  let q = '';
  if (f.open_now) {
    q += '&open_now=true';
  }
  if (f.open_24h) {
    q += '&open_24h=true';
  }
  if (f.free_seats) {
    q += '&free_seats=true';
  }
  for (const a of f.amenities) {
    q += '&amenity=' + encodeURIComponent(a);
  }
  if (f.kind) {
    q += '&kind=' + encodeURIComponent(f.kind);
  }
  return q;
}

export function matchesFilters(props) {
  const f = state.filters;
  if (f.open_now && props.open_state !== 'open') {
    return false;
  }
  if (f.open_24h && props.opening_hours !== '24/7') {
    return false;
  }
  if (f.kind && props.kind !== f.kind) {
    return false;
  }
  const has = props.amenities || [];
  if (!f.amenities.every((a) => has.indexOf(a) >= 0)) {
    return false;
  }
  if (f.free_seats) {
    const now = liveNow(props.id);
    return Boolean(now && now.seats.state === 'current' && now.seats.free > 0);
  }
  return true;
}

/** Called after every filter change; set by initFilters. */
let changed = () => undefined;

function filtersChanged() {
  syncChips();
  changed();
}

export function buildFilters() {
  els.amenityFilters.replaceChildren();
  for (const a of FILTER_AMENITIES) {
    const label = el('label', 'amenity-check');
    const box = el('input');
    box.type = 'checkbox';
    box.value = a;
    box.checked = state.filters.amenities.indexOf(a) >= 0;
    box.addEventListener('change', () => {
      const set = new Set(state.filters.amenities);
      if (box.checked) {
        set.add(a);
      } else {
        set.delete(a);
      }
      state.filters.amenities = FILTER_AMENITIES.filter((x) => set.has(x));
      filtersChanged();
    });
    const icon = el('span', 'amenity', AMENITY_ICON[a]);
    icon.setAttribute('aria-hidden', 'true');
    label.append(box, icon, el('span', null, t('a_' + a)));
    els.amenityFilters.append(label);
  }
  els.kindFilter.replaceChildren();
  const any = el('option', null, t('kind_any'));
  any.value = '';
  els.kindFilter.append(any);
  for (const k of KINDS) {
    const o = el('option', null, t('k_' + k));
    o.value = k;
    els.kindFilter.append(o);
  }
  els.kindFilter.value = state.filters.kind;
}

function syncChips() {
  for (const chip of document.querySelectorAll('.chip[data-filter]')) {
    chip.setAttribute('aria-pressed', state.filters[chip.getAttribute('data-filter')] ? 'true' : 'false');
  }
}

/** Builds the filter controls and calls onChange after each change the worker makes. */
export function initFilters(onChange) {
  changed = onChange;
  buildFilters();
  for (const chip of document.querySelectorAll('.chip[data-filter]')) {
    chip.addEventListener('click', () => {
      const key = chip.getAttribute('data-filter');
      state.filters[key] = !state.filters[key];
      filtersChanged();
    });
  }
  els.kindFilter.addEventListener('change', () => {
    state.filters.kind = els.kindFilter.value;
    filtersChanged();
  });
  els.clearFilters.addEventListener('click', () => {
    state.filters = { open_now: false, open_24h: false, free_seats: false, amenities: [], kind: '' };
    buildFilters();
    filtersChanged();
  });
  const more = document.getElementById('more-filters');
  more.addEventListener('toggle', () => more.parentElement.classList.toggle('expanded', more.open));
}
