/*
 * The worker map's Leaflet map (over 300 lines: one map's life, its layers kept private here):
 * Leaflet loaded after the list, the base map from /api/v1/map-config, GCJ-02 on Amap tiles,
 * clusters below zoom 12 and single stations above, the origin and the numbered nearest stations.
 */

import { t } from '../i18n.js';
import { els, state } from './state.js';
import { say, clamp, displayName, stateOf, STATE_COLOUR } from './format.js';
import { API, fetchJson, isAbort, measuredAt, mapConfig } from './http.js';
import { rememberLive, liveNow } from './live.js';
import { filterParams, matchesFilters } from './filters.js';
import { spreadApart } from './declutter.js';

const SHANXI_BOUNDS = [[34.55, 110.2], [40.75, 114.6]];
/** Below this zoom the map shows counted clusters from the server, not single stations. */
const CLUSTER_BELOW_ZOOM = 12;
const MAX_MARKERS = 2000;
const MOVE_DEBOUNCE_MS = 250;
/** A tap target for a gloved finger, in CSS pixels: numbered markers and clusters are no smaller. */
const TAP_PX = 44;

/** What the map tells the rest of the page; set once by app.js (the map imports none of them). */
const hooks = {
  pick: (lat, lon) => undefined, // a tap on the map, in WGS-84
  open: (id) => undefined, // a station's marker tapped
  moved: () => undefined, // the view (or what is drawn) changed
};

export function onMapEvents(handlers) {
  Object.assign(hooks, handlers);
}

let map = null;
let stationLayer = null;
let clusterLayer = null;
let highlightLayer = null;
let renderer = null;
const markersById = new Map();
/** The numbered markers of the nearest list, in its order, kept apart at every zoom. */
let rankMarkers = [];

/** Stored WGS-84 to the base map's system (GCJ-02 on Amap tiles). */
function toMap(lat, lon) {
  if (state.gcj) {
    const g = window.YzCrs.wgsToGcj(lon, lat);
    return L.latLng(g[1], g[0]);
  }
  return L.latLng(lat, lon);
}

/** A point on the base map back to WGS-84. */
function fromMap(latlng) {
  const p = latlng.wrap();
  if (state.gcj) {
    const w = window.YzCrs.gcjToWgs(p.lng, p.lat);
    return { lat: w[1], lon: w[0] };
  }
  return { lat: p.lat, lon: p.lng };
}

function featureLatLng(feature) {
  const c = feature.geometry.coordinates;
  return toMap(c[1], c[0]);
}

/** The view as a WGS-84 bbox parameter (padded a little on a shifted base map). */
function viewBbox() {
  const b = map.getBounds();
  const sw = fromMap(b.getSouthWest());
  const ne = fromMap(b.getNorthEast());
  const pad = state.gcj ? 0.01 : 0;
  return [
    clamp(sw.lon - pad, -180, 180),
    clamp(sw.lat - pad, -90, 90),
    clamp(ne.lon + pad, -180, 180),
    clamp(ne.lat + pad, -90, 90),
  ]
    .map((v) => v.toFixed(5))
    .join(',');
}

let leafletLoading = null;

/** Leaflet and its stylesheet, fetched after the list has started: the list never waits. */
function loadLeaflet() {
  if (typeof L !== 'undefined') {
    return Promise.resolve(true);
  }
  if (!leafletLoading) {
    const load = (node) =>
      new Promise((resolve) => {
        node.onload = () => resolve(true);
        node.onerror = () => resolve(false);
        document.head.append(node);
      });
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = '/vendor/leaflet/leaflet.css';
    const js = document.createElement('script');
    js.src = '/vendor/leaflet/leaflet.js';
    leafletLoading = Promise.all([load(css), load(js)]).then(
      (ok) => ok[1] && typeof L !== 'undefined'
    );
  }
  return leafletLoading;
}

/** Creates the map once Leaflet is there, showing whatever the list already found. */
export async function ensureMap() {
  if (map) {
    return true;
  }
  const ok = await loadLeaflet();
  if (map) {
    return true;
  }
  if (!ok) {
    document.body.classList.add('list-only', 'no-map');
    els.viewToggle.hidden = true;
    say(els.status, 'map_lib_failed', null, true);
    return false;
  }
  createMap();
  map.fitBounds(SHANXI_BOUNDS);
  if (state.nearest.length) {
    showOriginAndNearest();
    fitToNearest();
  }
  hooks.moved();
  addBaseLayer().then((gcj) => {
    if (gcj) {
      state.gcj = true; // markers drawn so far were in WGS-84: draw them again, shifted
      showOriginAndNearest();
      loadView();
    }
    // the system markers are drawn in from now on (read by the browser tests)
    document.getElementById('map').setAttribute('data-crs', gcj ? 'gcj02' : 'wgs84');
  });
  return true;
}

function createMap() {
  map = L.map('map', {
    minZoom: 3,
    maxZoom: 18,
    zoomControl: true,
    tap: true,
    attributionControl: false,
  });
  // The base map's credit as text, without Leaflet's own link (a tap target too small to hit).
  L.control.attribution({ prefix: false }).addTo(map);
  window.yizhanMap = map;
  // Stations are canvas circles: the tolerance widens where a tap hits them to TAP_PX across.
  renderer = L.canvas({ padding: 0.3, tolerance: TAP_PX / 2 - 8 });
  clusterLayer = L.layerGroup().addTo(map);
  stationLayer = L.layerGroup().addTo(map);
  map.createPane('top').style.zIndex = 650;
  highlightLayer = L.layerGroup().addTo(map);
  map.on('moveend', scheduleViewLoad);
  map.on('moveend', () => hooks.moved());
  map.on('zoomend', placeRanks);
  map.on('click', (event) => {
    const p = fromMap(event.latlng);
    hooks.pick(p.lat, p.lon);
  });
}

async function addBaseLayer() {
  try {
    const answer = await mapConfig();
    const config = answer.data;
    if (!config || !config.tile_url) {
      throw new Error('map-config has no tile_url');
    }
    const options = {
      maxZoom: config.max_zoom || 18,
      subdomains: config.subdomains || 'abc',
      attribution: escapeHtml(config.tile_attribution || ''),
    };
    const tiles = L.tileLayer(config.tile_url, options);
    tiles.on('tileerror', () => {
      els.tileNote.hidden = false;
    });
    tiles.addTo(map);
    if (config.overlay_url) {
      L.tileLayer(config.overlay_url, Object.assign({}, options, { attribution: '' })).addTo(map);
    }
    return config.tile_crs === 'gcj02';
  } catch (error) {
    els.tileNote.hidden = false;
    return false;
  }
}

function escapeHtml(text) {
  const div = document.createElement('div');
  div.textContent = text;
  return div.innerHTML;
}

let viewTimer = null;
let viewController = null;
let viewSeq = 0;

function scheduleViewLoad() {
  clearTimeout(viewTimer);
  viewTimer = setTimeout(loadView, MOVE_DEBOUNCE_MS);
}

export async function loadView() {
  if (!map || document.body.classList.contains('list-only')) {
    return;
  }
  if (viewController) {
    viewController.abort();
  }
  const controller = new AbortController();
  viewController = controller;
  const seq = ++viewSeq;
  const zoom = map.getZoom();
  const clustered = zoom < CLUSTER_BELOW_ZOOM;
  const url = clustered
    ? API + '/stations/clusters?bbox=' + viewBbox() + '&zoom=' + zoom + filterParams()
    : API + '/stations?bbox=' + viewBbox() + '&limit=' + MAX_MARKERS;
  try {
    const answer = await fetchJson(url, controller.signal);
    if (seq !== viewSeq) {
      return;
    }
    if (clustered) {
      renderClusters(answer.data);
    } else {
      renderStations(answer.data, measuredAt(answer));
    }
  } catch (error) {
    if (!isAbort(error) && seq === viewSeq) {
      say(els.status, 'load_failed', { reason: error.message }, true);
    }
  }
}

function clusterIcon(count, offset) {
  const size = clusterSize(count);
  return L.divIcon({
    className: 'cluster',
    html: '<span>' + (count >= 10000 ? Math.round(count / 1000) + 'k' : count) + '</span>',
    iconSize: [size, size],
    iconAnchor: [size / 2 - offset.dx, size / 2 - offset.dy],
  });
}

/**
 * Counted clusters drawn apart where their circles would cover each other's counts or lie under
 * a numbered marker of the nearest list (drawn above them).
 */
function placeClusters(markers) {
  const points = markers.map((m) => {
    const p = map.latLngToContainerPoint(m.getLatLng());
    return { x: p.x, y: p.y, size: clusterSize(m.count) };
  });
  const ranks = rankMarkers.map((m) => {
    const p = map.latLngToContainerPoint(m.getLatLng());
    return { x: p.x + m.rank.offset.dx, y: p.y + m.rank.offset.dy, size: TAP_PX };
  });
  spreadApart(points, ranks).forEach((offset, i) => markers[i].setIcon(clusterIcon(markers[i].count, offset)));
}

/** A cluster's circle in CSS pixels: no smaller than a tap target, wide enough for its count. */
function clusterSize(count) {
  return count < 100 ? TAP_PX : count < 1000 ? 50 : 58;
}

function renderClusters(data) {
  stationLayer.clearLayers();
  markersById.clear();
  clusterLayer.clearLayers();
  const clusters = Array.isArray(data.clusters) ? data.clusters : [];
  const counted = [];
  for (const c of clusters) {
    const at = toMap(c.lat, c.lon);
    if (c.id) {
      const dot = L.circleMarker(at, {
        renderer: renderer,
        radius: 7,
        color: '#0b4f8a',
        weight: 2,
        fillColor: '#5b9bd5',
        fillOpacity: 0.95,
      });
      dot.on('click', (e) => {
        L.DomEvent.stopPropagation(e);
        hooks.open(c.id);
      });
      dot.addTo(clusterLayer);
      continue;
    }
    const marker = L.marker(at, {
      icon: clusterIcon(c.count, { dx: 0, dy: 0 }),
      keyboard: true,
      title: t('cluster_label', { n: c.count }),
      alt: t('cluster_label', { n: c.count }),
    });
    marker.on('click', (e) => {
      L.DomEvent.stopPropagation(e);
      const b = c.bbox;
      const bounds = L.latLngBounds(toMap(b[1], b[0]), toMap(b[3], b[2]));
      map.fitBounds(bounds.pad(0.1), { maxZoom: Math.min(map.getZoom() + 3, 18) });
    });
    marker.count = c.count;
    counted.push(marker);
  }
  placeClusters(counted);
  counted.forEach((m) => m.addTo(clusterLayer));
  const matched = typeof data.matched === 'number' ? data.matched : 0;
  document.getElementById('map').setAttribute('data-mode', 'clusters');
  document.getElementById('map').setAttribute('data-count', String(clusters.length));
  say(els.status, matched ? 'clusters_shown' : 'no_stations_here', { n: matched });
}

function markerStyle(props) {
  const colour = STATE_COLOUR[stateOf(props)];
  const now = liveNow(props.id);
  const full = now && now.seats.state === 'current' && now.seats.free === 0;
  return {
    renderer: renderer,
    radius: map.getZoom() >= 15 ? 10 : 8,
    color: colour.line,
    weight: full ? 3 : 1.5,
    dashArray: full ? '3 2' : null,
    fillColor: colour.fill,
    fillOpacity: 0.9,
  };
}

function renderStations(data, at) {
  clusterLayer.clearLayers();
  const features = Array.isArray(data.features) ? data.features : [];
  const seen = new Set();
  let shown = 0;
  for (const feature of features) {
    const props = feature.properties;
    rememberLive(props.id, props.live, at);
    if (!matchesFilters(props)) {
      continue;
    }
    shown++;
    seen.add(props.id);
    const existing = markersById.get(props.id);
    if (existing) {
      existing.feature = feature;
      existing.setLatLng(featureLatLng(feature));
      existing.setStyle(markerStyle(props));
    } else {
      const marker = L.circleMarker(featureLatLng(feature), markerStyle(props));
      marker.feature = feature;
      marker.on('click', (e) => {
        L.DomEvent.stopPropagation(e);
        hooks.open(marker.feature.properties.id);
      });
      marker.addTo(stationLayer);
      markersById.set(props.id, marker);
    }
  }
  for (const [id, marker] of markersById) {
    if (!seen.has(id)) {
      stationLayer.removeLayer(marker);
      markersById.delete(id);
    }
  }
  document.getElementById('map').setAttribute('data-mode', 'stations');
  document.getElementById('map').setAttribute('data-count', String(shown));
  say(els.status, shown ? 'stations_shown' : 'no_stations_here', { n: shown });
}

export function restyleMarker(id) {
  const marker = markersById.get(id);
  if (marker) {
    marker.setStyle(markerStyle(marker.feature.properties));
  }
}

export function showOriginAndNearest() {
  if (!map) {
    return;
  }
  highlightLayer.clearLayers();
  if (state.origin) {
    const me = L.circleMarker(toMap(state.origin.lat, state.origin.lon), {
      pane: 'top',
      interactive: false,
      radius: 9,
      color: '#ffffff',
      weight: 3,
      fillColor: '#1565c0',
      fillOpacity: 1,
    });
    const label = state.origin.source === 'gps' ? t('me') : state.origin.label || t('chosen_point');
    me.bindTooltip(label, { permanent: true, direction: 'bottom', offset: [0, 10] });
    me.addTo(highlightLayer);
  }
  rankMarkers = state.nearest.map((feature, index) => {
    const props = feature.properties;
    const marker = L.marker(featureLatLng(feature), {
      pane: 'top',
      icon: rankIcon(props, index, { dx: 0, dy: 0 }),
      title: displayName(props),
      alt: displayName(props),
    });
    marker.rank = { props: props, index: index, offset: { dx: 0, dy: 0 } };
    marker.on('click', (e) => {
      L.DomEvent.stopPropagation(e);
      hooks.open(props.id);
    });
    marker.addTo(highlightLayer);
    return marker;
  });
  placeRanks();
}

function rankIcon(props, index, offset) {
  return L.divIcon({
    className: 'rank rank-' + stateOf(props),
    html: '<span>' + (index + 1) + '</span>',
    iconSize: [TAP_PX, TAP_PX],
    iconAnchor: [TAP_PX / 2 - offset.dx, TAP_PX / 2 - offset.dy],
  });
}

/** The worker's position and its label below it, which numbered markers must not cover. */
function originBoxes() {
  if (!state.origin) {
    return [];
  }
  const p = map.latLngToContainerPoint(toMap(state.origin.lat, state.origin.lon));
  const label = highlightLayer.getLayers().find((l) => l.getTooltip && l.getTooltip());
  const tip = label && label.getTooltip().getElement();
  const w = tip ? tip.offsetWidth : 60;
  const h = tip ? tip.offsetHeight : 24;
  return [
    { x: p.x, y: p.y, size: 26 },
    { x: p.x, y: p.y + 16 + h / 2, w: w, h: h },
  ];
}

/** Moves numbered markers off each other at the current zoom (the first ones stay on their station). */
function placeRanks() {
  if (!map || rankMarkers.length === 0) {
    return;
  }
  const points = rankMarkers.map((m) => {
    const p = map.latLngToContainerPoint(m.getLatLng());
    return { x: p.x, y: p.y, size: TAP_PX };
  });
  spreadApart(points, originBoxes()).forEach((offset, i) => {
    const m = rankMarkers[i];
    m.rank.offset = offset;
    m.setIcon(rankIcon(m.rank.props, m.rank.index, offset));
  });
}

export function fitToNearest() {
  if (!map || !state.origin) {
    return;
  }
  const bounds = L.latLngBounds([toMap(state.origin.lat, state.origin.lon)]);
  state.nearest.slice(0, 5).forEach((f) => bounds.extend(featureLatLng(f)));
  map.fitBounds(bounds, { padding: [40, 40], maxZoom: 16 });
}

let areaLayer = null;

/**
 * Draws a station's walking area (a GeoJSON Feature in WGS-84, from its isochrone) on the map,
 * replacing the last one, and fits the view to it. Resolves false when there is no map.
 */
export function showArea(feature) {
  return ensureMap().then((ok) => {
    if (!ok) {
      return false;
    }
    if (areaLayer) {
      areaLayer.remove();
    }
    areaLayer = L.geoJSON(feature, {
      coordsToLatLng: (c) => toMap(c[1], c[0]),
      interactive: false,
      style: { color: '#1d4ed8', weight: 2, fillOpacity: 0.12 },
    }).addTo(map);
    map.invalidateSize();
    map.fitBounds(areaLayer.getBounds(), { padding: [16, 16] });
    return true;
  });
}

/** Shows the map (created if need be) at its current size with the stations in its view. */
export function showMap() {
  ensureMap().then((ok) => {
    if (ok) {
      map.invalidateSize();
      loadView();
    }
  });
}

/**
 * The view as a WGS-84 bbox when the map is shown zoomed in to single stations (whose live values
 * the page then follows), else null.
 */
export function singleStationView() {
  if (map && !document.body.classList.contains('list-only') && map.getZoom() >= CLUSTER_BELOW_ZOOM) {
    return viewBbox();
  }
  return null;
}
