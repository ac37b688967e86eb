/*
 * The planner's map: existing stations with their coverage rings, a density of the demand,
 * uncovered demand (canvas, capped) and proposed sites numbered by rank. Everything is drawn on
 * Leaflet's canvas renderer; on GCJ-02 tiles (Amap) every position is shifted as the health map
 * does. Works without tiles (a note says so). Each layer also says in text what it holds, and the
 * sites are listed beside the map, so the map is never the only way to read the answer.
 */
import { t } from '../i18n.js';
import { api, h, fill, isAbort } from '../core.js';
import { num } from './planning-common.js';

/** At most this many uncovered points and stations are drawn; the rest are counted, not drawn. */
export const MAX_DRAWN = 5000;
const HEAT_CELLS = 60; // the density grid is about this many cells across the demand's extent

export const COLOURS = {
  station: '#0b5394',
  ring: '#0b5394',
  uncovered: '#c62828',
  site: '#1a7f37',
  onlyA: '#8e24aa',
  onlyB: '#9a6700',
  common: '#1a7f37',
};

/**
 * Makes a map in {@code el}; answers {map, add*(...), fit(), ready}. {@code ready} resolves once
 * the tile configuration is known (so positions are drawn in the right system).
 */
export function planMap(ctx, el, noteEl) {
  if (typeof L === 'undefined') {
    fill(el, h('p', { class: 'notice', text: t('map.noLeaflet') }));
    return null;
  }
  const renderer = L.canvas({ padding: 0.2 });
  const map = L.map(el, { renderer, preferCanvas: true, minZoom: 3, maxZoom: 18, zoomSnap: 0.25 }).setView([37.5, 112.3], 7);
  window.yizhanPlanMap = map; // for the browser tests
  // Printing lays the page out anew: the map is redrawn for its printed size before it prints.
  const beforePrint = () => {
    map.invalidateSize({ animate: false });
    api_.fit();
  };
  window.addEventListener('beforeprint', beforePrint);
  // A view left while its data still loads must not draw on the removed map: Leaflet's canvas
  // renderer has dropped its context by then and throws. Layers made later stay off the map.
  const state = { gcj: false, bounds: null, removed: false };
  ctx.onLeave(() => {
    window.removeEventListener('beforeprint', beforePrint);
    state.removed = true;
    map.remove();
  });
  const ready = baseLayer(ctx, map, noteEl, () => !state.removed).then((gcj) => {
    state.gcj = gcj;
  });
  const at = (lon, lat) => {
    const p = state.gcj && window.YzCrs ? window.YzCrs.wgsToGcj(lon, lat) : [lon, lat];
    return [p[1], p[0]];
  };
  const extend = (ll) => {
    state.bounds = state.bounds ? state.bounds.extend(ll) : L.latLngBounds(ll, ll);
  };
  const group = (name) => {
    const g = L.layerGroup();
    if (!state.removed) {
      g.addTo(map);
    }
    g.planName = name;
    return g;
  };
  const layers = {};
  const api_ = {
    map,
    ready,
    /** Stations as GeoJSON features, each with its service ring. */
    stations(features, radius) {
      const g = (layers.stations = group('stations'));
      const list = features.slice(0, MAX_DRAWN);
      for (const f of list) {
        const c = f.geometry.coordinates;
        const ll = at(c[0], c[1]);
        L.circle(ll, { renderer, radius, color: COLOURS.ring, weight: 1, fillOpacity: 0.06, interactive: false }).addTo(g);
        L.circleMarker(ll, { renderer, radius: 4, color: '#ffffff', weight: 1, fillColor: COLOURS.station, fillOpacity: 1 }).bindTooltip(h('span', { text: f.properties.name_zh || f.properties.id || '' })).addTo(g);
      }
      return { drawn: list.length, total: features.length };
    },
    /** A density of the demand: weight summed on a grid, shaded by its share of the heaviest cell. */
    heat(features) {
      const g = (layers.heat = group('heat'));
      if (!features.length) {
        return 0;
      }
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (const f of features) {
        const [x, y] = f.geometry.coordinates;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
      const size = Math.max((maxX - minX) / HEAT_CELLS, (maxY - minY) / HEAT_CELLS, 0.002);
      const cells = new Map();
      for (const f of features) {
        const [x, y] = f.geometry.coordinates;
        const key = Math.floor((x - minX) / size) + ',' + Math.floor((y - minY) / size);
        cells.set(key, (cells.get(key) || 0) + (Number((f.properties || {}).weight) || 1));
      }
      const top = Math.max(...cells.values());
      for (const [key, w] of cells) {
        const [i, j] = key.split(',').map(Number);
        const x0 = minX + i * size;
        const y0 = minY + j * size;
        const sw = at(x0, y0);
        const ne = at(x0 + size, y0 + size);
        extend(sw);
        extend(ne);
        L.rectangle([sw, ne], { renderer, stroke: false, fillColor: '#e65100', fillOpacity: 0.1 + 0.5 * (w / top), interactive: false }).addTo(g);
      }
      return cells.size;
    },
    /** Uncovered demand points, at most MAX_DRAWN of them (the heaviest first). */
    uncovered(features) {
      const g = (layers.uncovered = group('uncovered'));
      const list = features
        .slice()
        .sort((a, b) => (b.properties.weight || 0) - (a.properties.weight || 0))
        .slice(0, MAX_DRAWN);
      for (const f of list) {
        const c = f.geometry.coordinates;
        const ll = at(c[0], c[1]);
        extend(ll);
        L.circleMarker(ll, { renderer, radius: 3, stroke: false, fillColor: COLOURS.uncovered, fillOpacity: 0.8, interactive: false }).addTo(g);
      }
      return { drawn: list.length, total: features.length };
    },
    /** Sites numbered by rank, in a colour (proposed: green; compare: by side). */
    sites(sites, colour, prefix) {
      const g = group('sites');
      for (const s of sites) {
        const ll = at(s.lon, s.lat);
        extend(ll);
        const icon = L.divIcon({
          className: 'plan-site-icon',
          html: h('span', { style: 'background:' + colour, text: (prefix || '') + Number(s.rank) }),
          iconSize: [26, 26],
          iconAnchor: [13, 13],
        });
        L.marker(ll, { icon, keyboard: false, title: (prefix || '') + s.rank + ' · ' + t('plan.sites.gain') + ' ' + num(s.gain, 2) }).addTo(g);
      }
      el.setAttribute('data-sites', String(Number(el.getAttribute('data-sites') || 0) + sites.length));
      return sites.length;
    },
    fit() {
      if (!state.removed && state.bounds && state.bounds.isValid()) {
        map.fitBounds(state.bounds.pad(0.1), { maxZoom: 15, animate: false });
      }
    },
    at,
  };
  return api_;
}

/** The registry's open stations within the given WGS-84 extent (padded by the radius). */
export async function stationsNear(ctx, lonLats, radiusM) {
  if (!lonLats.length) {
    return [];
  }
  const pad = (radiusM || 1000) / 100000 + 0.01;
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of lonLats) {
    w = Math.min(w, x);
    e = Math.max(e, x);
    s = Math.min(s, y);
    n = Math.max(n, y);
  }
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  const bbox = [clamp(w - pad, -180, 180), clamp(s - pad, -90, 90), clamp(e + pad, -180, 180), clamp(n + pad, -90, 90)].map((v) => v.toFixed(5)).join(',');
  const data = await api('/stations?limit=' + MAX_DRAWN + '&bbox=' + bbox, { signal: ctx.signal });
  return (data && data.features) || [];
}

/** A legend of the layers drawn, in words, with counts (the map's text alternative). */
export function legend(items) {
  return h(
    'ul',
    { class: 'legend plan-legend', 'aria-label': t('map.legend') },
    items.map(([colour, text, shape]) => h('li', {}, h('span', { class: 'dot' + (shape ? ' ' + shape : ''), style: 'background:' + colour, 'aria-hidden': 'true' }), text))
  );
}

async function baseLayer(ctx, map, note, onMap) {
  try {
    const config = await api('/map-config', { signal: ctx.signal });
    if (!config || !config.tile_url) {
      throw new Error('no tile_url');
    }
    if (!onMap()) {
      return config.tile_crs === 'gcj02';
    }
    const escape = document.createElement('div');
    escape.textContent = config.tile_attribution || '';
    const options = { maxZoom: config.max_zoom || 19, subdomains: config.subdomains || 'abc', attribution: escape.innerHTML };
    const tiles = L.tileLayer(config.tile_url, options);
    tiles.on('tileerror', () => {
      if (note) {
        note.hidden = false;
      }
    });
    tiles.addTo(map);
    if (config.overlay_url) {
      L.tileLayer(config.overlay_url, Object.assign({}, options, { attribution: '' })).addTo(map);
    }
    return config.tile_crs === 'gcj02';
  } catch (error) {
    if (!isAbort(error) && note) {
      note.hidden = false;
    }
    return false;
  }
}

/** The map with its note and legend, for a run's answer: stations, rings, heat, uncovered, sites. */
export async function resultMap(ctx, holder, result, runId, idPrefix) {
  const p = idPrefix || 'plan';
  const note = h('p', { class: 'note', hidden: true, text: t('map.noTiles') });
  const status = h('p', { class: 'muted', id: p + '-map-status', 'aria-live': 'polite', text: t('common.loading') });
  const el = h('div', { id: p + '-map', class: 'plan-map', role: 'region', 'aria-label': t('plan.map.label') });
  const legendHolder = h('div', {});
  fill(holder, h('h3', { id: p + '-map-h', text: t('plan.map.title') }), note, legendHolder, el, status);
  const m = planMap(ctx, el, note);
  if (!m) {
    return;
  }
  await m.ready;
  const radius = (result.before && result.before.radius_m) || 1000;
  const demandName = result.request && result.request.demand;
  const sites = result.sites || [];
  const texts = [];
  let demand = [];
  if (demandName) {
    try {
      const d = await api(PLAN_SET + encodeURIComponent(demandName) + '?format=geojson', { signal: ctx.signal });
      demand = (d && d.features) || [];
      const cells = m.heat(demand);
      texts.push(['#e65100', t('plan.map.heat', { n: num(demand.length, 0), cells }), 'square']);
    } catch (error) {
      if (isAbort(error)) {
        throw error;
      }
      texts.push(['#9e9e9e', t('plan.map.noDemand', { name: demandName }), 'square']);
    }
  }
  let uncoveredText = runId ? t('plan.map.uncoveredGone') : t('plan.map.noUncovered');
  if (runId && (await runKept(ctx, runId))) {
    try {
      const u = await api('/planning/runs/' + encodeURIComponent(runId) + '/uncovered?format=geojson' + (result.after ? '&after=true' : ''), { signal: ctx.signal });
      const r = m.uncovered((u && u.features) || []);
      uncoveredText = r.drawn < r.total ? t('plan.map.uncoveredCapped', { drawn: num(r.drawn, 0), total: num(r.total, 0) }) : t('plan.map.uncovered', { n: num(r.total, 0) });
    } catch (error) {
      if (isAbort(error)) {
        throw error;
      }
      uncoveredText = t('plan.map.uncoveredGone');
    }
  }
  texts.push([COLOURS.uncovered, uncoveredText]);
  const spots = demand.map((f) => f.geometry.coordinates).concat(sites.map((s) => [s.lon, s.lat]));
  try {
    const st = await stationsNear(ctx, spots, radius);
    const r = m.stations(st, radius);
    texts.push([COLOURS.station, r.drawn < r.total ? t('plan.map.stationsCapped', { drawn: r.drawn, total: r.total, radius: num(radius, 0) }) : t('plan.map.stations', { n: r.total, radius: num(radius, 0) })]);
  } catch (error) {
    if (isAbort(error)) {
      throw error;
    }
    texts.push([COLOURS.station, t('plan.map.noStations')]);
  }
  m.sites(sites, COLOURS.site);
  texts.push([COLOURS.site, t('plan.map.sites', { n: sites.length })]);
  fill(legendHolder, legend(texts));
  m.fit();
  el.setAttribute('data-ready', 'true');
  status.textContent = '';
  return m;
}

const PLAN_SET = '/planning/sets/demand/';

/** Whether the run is still kept (a scenario outlives its run, which newer runs push out). */
async function runKept(ctx, runId) {
  try {
    const data = await api('/planning/runs', { signal: ctx.signal });
    return ((data && data.runs) || []).some((r) => r.id === runId);
  } catch (error) {
    if (isAbort(error)) {
      throw error;
    }
    return false;
  }
}
