/*
 * Yizhan worker map: the nearest open stations with free seats and a bearable temperature, on a
 * phone. A list of the nearest stations and a map together (or the list alone), filters, a page per
 * station with navigation links and today's occupancy, live values over Server-Sent Events.
 *
 * Plain browser JavaScript, no build step. Station text is only ever inserted with textContent.
 * Every live value is shown with its age; a value past its staleness limit is shown as stale.
 */
(function () {
  'use strict';

  const t = window.YzText.t;
  const API = '/api/v1';
  const SHANXI_BOUNDS = [[34.55, 110.2], [40.75, 114.6]];
  /** Below this zoom the map shows counted clusters from the server, not single stations. */
  const CLUSTER_BELOW_ZOOM = 12;
  const MAX_MARKERS = 2000;
  const NEAREST_COUNT = 10;
  const MOVE_DEBOUNCE_MS = 250;
  const AGE_TICK_MS = 10000;
  const SAVED_KEY = 'yizhan.last-results';
  const VIEW_KEY = 'yizhan.list-only';
  /** As org.yizhan.station.NearbyResult: 4.5 km/h along streets 1.3 times the straight line. */
  const WALK_M_PER_MIN = 75;
  const DETOUR_FACTOR = 1.3;

  const AMENITY_ICON = {
    drinking_water: '💧',
    meal_heating: '🍱',
    air_conditioning: '❄️',
    heating: '♨️',
    toilet: '🚻',
    phone_charging: '🔌',
    battery_swap: '🔋',
    medicine_kit: '💊',
    aed: '❤️',
    umbrella_loan: '☂️',
    reading_corner: '📚',
    wifi: '📶',
    shower: '🚿',
    laundry: '🧺',
    truck_parking: '🚚',
  };
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
  const STATE_COLOUR = {
    open: { fill: '#1a7f37', line: '#0d3f1b' },
    closed: { fill: '#8a8a8a', line: '#3d3d3d' },
    unknown: { fill: '#f0a500', line: '#7a5300' },
  };

  const $ = (id) => document.getElementById(id);
  const els = {
    status: $('status'),
    tileNote: $('tile-note'),
    netNote: $('net-note'),
    nearMe: $('near-me'),
    nearestStatus: $('nearest-status'),
    nearest: $('nearest'),
    search: $('search'),
    searchInput: $('search-input'),
    searchResults: $('search-results'),
    lang: $('lang'),
    viewToggle: $('view-toggle'),
    amenityFilters: $('amenity-filters'),
    kindFilter: $('kind-filter'),
    clearFilters: $('clear-filters'),
    station: $('station'),
    stationBody: $('station-body'),
    stationBack: $('station-back'),
    results: $('results'),
  };

  const state = {
    filters: { open_now: false, open_24h: false, free_seats: false, amenities: [], kind: '' },
    origin: null, // {lat, lon, source: 'gps' | 'map' | 'place' | 'saved', label, savedAt}
    nearest: [], // GeoJSON features of the nearest list
    stationId: null,
    station: null, // {feature, navigation, profile}
    gcj: false,
    firstUseful: false,
  };
  /** Latest live values by station id: {live, at} where at is when the ages were measured. */
  const liveById = new Map();
  /** The texts of status lines, kept as keys so a language switch can redraw them. */
  const messages = new Map();

  // ---------------------------------------------------------------- small helpers

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function say(target, key, values, isError) {
    messages.set(target, { key: key, values: values, isError: Boolean(isError) });
    target.textContent = key ? t(key, values) : '';
    target.classList.toggle('error', Boolean(isError));
  }

  function redrawMessages() {
    for (const [target, m] of messages) {
      target.textContent = m.key ? t(m.key, m.values) : '';
    }
  }

  function isAbort(error) {
    return error && error.name === 'AbortError';
  }

  function coordText(value) {
    return String(Number(value.toFixed(6)));
  }

  function clamp(value, min, max) {
    return Math.min(max, Math.max(min, value));
  }

  function distanceMetres(lat1, lon1, lat2, lon2) {
    const r = 6371008.8;
    const p1 = (lat1 * Math.PI) / 180;
    const p2 = (lat2 * Math.PI) / 180;
    const dp = p2 - p1;
    const dl = ((lon2 - lon1) * Math.PI) / 180;
    const a = Math.sin(dp / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) ** 2;
    return 2 * r * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  function formatDistance(metres) {
    if (typeof metres !== 'number' || !isFinite(metres)) {
      return '';
    }
    if (metres < 1000) {
      return Math.round(metres) + ' m';
    }
    const km = metres / 1000;
    return (km < 10 ? km.toFixed(1) : String(Math.round(km))) + ' km';
  }

  function formatWalk(minutes) {
    if (minutes < 60) {
      return t('walk_min', { n: minutes });
    }
    return t('walk_h', { n: Math.round(minutes / 6) / 10 });
  }

  /** Walking minutes as the server computes them: a detour factor over the straight line. */
  function walkMinutes(metres) {
    return Math.ceil((metres * DETOUR_FACTOR) / WALK_M_PER_MIN);
  }

  function formatAge(seconds) {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) {
      return t('age_s', { n: s });
    }
    if (s < 3600) {
      return t('age_min', { n: Math.round(s / 60) });
    }
    if (s < 86400 * 2) {
      return t('age_h', { n: Math.round(s / 3600) });
    }
    return t('age_d', { n: Math.round(s / 86400) });
  }

  // Opening hours are local to the stations: times are China Standard Time.
  const TIME_FORMAT = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const DAY_FORMAT = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
  });

  function formatTime(iso) {
    const when = new Date(iso);
    if (isNaN(when.getTime())) {
      return '';
    }
    const time = TIME_FORMAT.format(when);
    const day = DAY_FORMAT.format(when);
    return day === DAY_FORMAT.format(new Date()) ? time : day + ' ' + time;
  }

  function displayName(props) {
    const zh = props.name_zh || props.name_en || props.id;
    if (window.YzText.lang() === 'en' && props.name_en) {
      return props.name_en;
    }
    return zh;
  }

  function stateOf(props) {
    return STATE_COLOUR[props.open_state] ? props.open_state : 'unknown';
  }

  function stateText(props) {
    const s = stateOf(props);
    if (s === 'open' && props.opening_hours === '24/7') {
      return t('open_24h');
    }
    const time = props.next_change ? formatTime(props.next_change) : '';
    if (s === 'open') {
      return time ? t('open_until', { time: time }) : t('open');
    }
    if (s === 'closed') {
      return time ? t('closed_opens', { time: time }) : t('closed');
    }
    return t('hours_unknown');
  }

  // ---------------------------------------------------------------- live values

  function rememberLive(id, live, measuredAt) {
    liveById.set(id, { live: live, at: measuredAt });
  }

  /**
   * The seats and temperature of a station as shown now: ages grow with the clock since they were
   * measured, and a value past its staleness limit turns stale here without asking the server.
   */
  function liveNow(id) {
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

  /** [{cls, text}] for the seats and the temperature: what the worker came for, with ages. */
  function liveParts(id, capacity) {
    const now = liveNow(id);
    const parts = [];
    if (!now) {
      parts.push({ cls: 'unknown', text: t('seats_unknown') });
      parts.push({ cls: 'unknown', text: t('temp_unknown') });
      return parts;
    }
    const cap = typeof now.capacity === 'number' ? now.capacity : capacity;
    const s = now.seats;
    if (s.state === 'current' && typeof s.free === 'number') {
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

  function fillLive(container, id, capacity) {
    container.replaceChildren(
      ...liveParts(id, capacity).map((p) => el('span', 'live-part ' + p.cls, p.text))
    );
  }

  function redrawLive(id) {
    const cap = capacityOf(id);
    for (const node of document.querySelectorAll('[data-live-for="' + CSS.escape(id) + '"]')) {
      fillLive(node, id, cap);
    }
  }

  function capacityOf(id) {
    const f = state.nearest.find((x) => x.properties.id === id);
    if (f) {
      return f.properties.capacity;
    }
    return state.station && state.station.feature.properties.id === id
      ? state.station.feature.properties.capacity
      : null;
  }

  // ---------------------------------------------------------------- HTTP

  /**
   * JSON from the API: {data, storedAt} where storedAt is set when the service worker answered
   * from its cache because the network was down (the ages in it are then older than they say).
   */
  async function fetchJson(url, signal) {
    let response;
    try {
      response = await fetch(url, { signal: signal, headers: { Accept: 'application/json' } });
    } catch (error) {
      if (isAbort(error)) {
        throw error;
      }
      throw new Error(t('no_connection'));
    }
    if (!response.ok) {
      throw new Error(await problemDetail(response));
    }
    const stored = response.headers.get('X-Yizhan-Stored-At');
    const storedAt = stored ? Number(stored) : null;
    els.netNote.hidden = !storedAt;
    return { data: await response.json(), storedAt: storedAt };
  }

  async function problemDetail(response) {
    try {
      const body = await response.json();
      if (body && typeof body.detail === 'string' && body.detail) {
        return body.detail;
      }
    } catch (ignored) {
      // not JSON
    }
    return t('server_error', { status: response.status });
  }

  /** When the ages of an answer were measured, on this device's clock. */
  function measuredAt(answer) {
    return answer.storedAt || Date.now();
  }

  // ---------------------------------------------------------------- the map

  let map = null;
  let stationLayer = null;
  let clusterLayer = null;
  let highlightLayer = null;
  let renderer = null;
  const markersById = new Map();

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
  async function ensureMap() {
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
    followLive();
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
    map = L.map('map', { minZoom: 3, maxZoom: 18, zoomControl: true, tap: true });
    window.yizhanMap = map;
    renderer = L.canvas({ padding: 0.3 });
    clusterLayer = L.layerGroup().addTo(map);
    stationLayer = L.layerGroup().addTo(map);
    map.createPane('top').style.zIndex = 650;
    highlightLayer = L.layerGroup().addTo(map);
    map.on('moveend', scheduleViewLoad);
    map.on('moveend', followLive);
    map.on('click', (event) => {
      const p = fromMap(event.latlng);
      choosePosition(p.lat, p.lon, 'map');
    });
  }

  async function addBaseLayer() {
    try {
      const answer = await fetchJson(API + '/map-config');
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

  async function loadView() {
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

  function clusterIcon(count) {
    const size = count < 10 ? 34 : count < 100 ? 40 : count < 1000 ? 48 : 56;
    return L.divIcon({
      className: 'cluster',
      html: '<span>' + (count >= 10000 ? Math.round(count / 1000) + 'k' : count) + '</span>',
      iconSize: [size, size],
    });
  }

  function renderClusters(data) {
    stationLayer.clearLayers();
    markersById.clear();
    clusterLayer.clearLayers();
    const clusters = Array.isArray(data.clusters) ? data.clusters : [];
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
          openStation(c.id);
        });
        dot.addTo(clusterLayer);
        continue;
      }
      const marker = L.marker(at, {
        icon: clusterIcon(c.count),
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
      marker.addTo(clusterLayer);
    }
    const matched = typeof data.matched === 'number' ? data.matched : 0;
    document.getElementById('map').setAttribute('data-mode', 'clusters');
    document.getElementById('map').setAttribute('data-count', String(clusters.length));
    say(els.status, matched ? 'clusters_shown' : 'no_stations_here', { n: matched });
  }

  function matchesFilters(props) {
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
          openStation(marker.feature.properties.id);
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

  function restyleMarker(id) {
    const marker = markersById.get(id);
    if (marker) {
      marker.setStyle(markerStyle(marker.feature.properties));
    }
  }

  function showOriginAndNearest() {
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
    state.nearest.forEach((feature, index) => {
      const props = feature.properties;
      const marker = L.marker(featureLatLng(feature), {
        pane: 'top',
        icon: L.divIcon({
          className: 'rank rank-' + stateOf(props),
          html: '<span>' + (index + 1) + '</span>',
          iconSize: [30, 30],
        }),
        title: displayName(props),
        alt: displayName(props),
      });
      marker.on('click', (e) => {
        L.DomEvent.stopPropagation(e);
        openStation(props.id);
      });
      marker.addTo(highlightLayer);
    });
  }

  function fitToNearest() {
    if (!map || !state.origin) {
      return;
    }
    const bounds = L.latLngBounds([toMap(state.origin.lat, state.origin.lon)]);
    state.nearest.slice(0, 5).forEach((f) => bounds.extend(featureLatLng(f)));
    map.fitBounds(bounds, { padding: [40, 40], maxZoom: 16 });
  }

  // ---------------------------------------------------------------- live stream

  let liveSource = null;
  let liveBoxText = null;

  /** The box whose changes the page needs: the view when zoomed in, else the nearest stations. */
  function liveBox() {
    let minLon = Infinity;
    let minLat = Infinity;
    let maxLon = -Infinity;
    let maxLat = -Infinity;
    const add = (lat, lon) => {
      minLon = Math.min(minLon, lon);
      maxLon = Math.max(maxLon, lon);
      minLat = Math.min(minLat, lat);
      maxLat = Math.max(maxLat, lat);
    };
    for (const f of state.nearest) {
      add(f.geometry.coordinates[1], f.geometry.coordinates[0]);
    }
    if (state.station) {
      const c = state.station.feature.geometry.coordinates;
      add(c[1], c[0]);
    }
    if (map && !document.body.classList.contains('list-only') && map.getZoom() >= CLUSTER_BELOW_ZOOM) {
      const parts = viewBbox().split(',').map(Number);
      add(parts[1], parts[0]);
      add(parts[3], parts[2]);
    }
    if (!isFinite(minLon)) {
      return null;
    }
    const pad = 0.001;
    return [minLon - pad, minLat - pad, maxLon + pad, maxLat + pad].map((v) => v.toFixed(4)).join(',');
  }

  function followLive() {
    const box = liveBox();
    if (box === liveBoxText && liveSource) {
      return;
    }
    if (liveSource) {
      liveSource.close();
      liveSource = null;
    }
    liveBoxText = box;
    if (!box || typeof EventSource === 'undefined') {
      return;
    }
    liveSource = new EventSource(API + '/live?bbox=' + box);
    liveSource.addEventListener('live', (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      const at = Date.now();
      for (const s of data.stations || []) {
        rememberLive(s.id, s.live, at);
        redrawLive(s.id);
        restyleMarker(s.id);
        for (const node of document.querySelectorAll('li[data-station-id="' + CSS.escape(s.id) + '"]')) {
          node.setAttribute('data-updated', new Date(at).toISOString());
        }
      }
    });
  }

  // ---------------------------------------------------------------- nearest list

  function filterParams() {
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

  function amenityIcons(amenities, withText) {
    const box = el('span', 'amenities');
    for (const a of amenities || []) {
      const label = window.YzText.has('a_' + a) ? t('a_' + a) : a;
      const icon = el('span', 'amenity', AMENITY_ICON[a] || '•');
      icon.setAttribute('role', 'img');
      icon.setAttribute('aria-label', label);
      icon.title = label;
      box.append(icon);
      if (withText) {
        box.append(el('span', 'amenity-text', label));
      }
    }
    return box;
  }

  function nearestItem(feature, index) {
    const props = feature.properties;
    const li = el('li', 'station-item');
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
      (typeof props.walking_time_min === 'number' ? ' · ' + formatWalk(props.walking_time_min) : '');
    link.append(where);
    link.append(el('span', 'item-line state state-' + stateOf(props), stateText(props)));
    const live = el('span', 'item-line live');
    live.setAttribute('data-live-for', props.id);
    fillLive(live, props.id, props.capacity);
    link.append(live);
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

  /** Starts the map once the first list is shown; replaced at start. */
  let mapWhenListed = () => undefined;

  let nearestController = null;
  let nearestSeq = 0;

  /**
   * Lists the stations nearest to a point. The map is fitted to them unless {@code keepView} (a
   * filter change: the worker's view stays where it is).
   */
  async function choosePosition(lat, lon, source, label, keepView) {
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
      state.nearest = features;
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
          live: state.nearest.map((f) => [f.properties.id, liveById.get(f.properties.id) || null]),
        })
      );
    } catch (e) {
      // storage full or blocked: nothing saved
    }
  }

  function restoreSaved() {
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
        liveById.set(id, entry);
      }
    }
    state.origin = Object.assign({}, saved.origin, { source: 'saved', savedAt: saved.savedAt });
    state.nearest = saved.nearest;
    renderNearest();
    showOriginAndNearest();
    fitToNearest();
    return true;
  }

  // ---------------------------------------------------------------- geolocation

  function locateMe() {
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

  async function locateIfAllowed() {
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

  // ---------------------------------------------------------------- place search

  async function search(event) {
    event.preventDefault();
    const q = els.searchInput.value.trim();
    if (!q) {
      return;
    }
    els.searchResults.replaceChildren();
    try {
      const answer = await fetchJson(API + '/places?q=' + encodeURIComponent(q) + '&limit=8');
      const places = Array.isArray(answer.data.places) ? answer.data.places : [];
      if (places.length === 0) {
        els.searchResults.append(el('li', 'search-empty', t('search_none', { q: q })));
      }
      for (const place of places) {
        const li = el('li');
        const b = el('button', 'search-hit');
        b.type = 'button';
        b.append(el('span', 'search-name', place.name));
        if (place.detail) {
          b.append(el('span', 'search-detail', place.detail));
        }
        b.addEventListener('click', () => {
          els.searchResults.hidden = true;
          els.searchResults.replaceChildren();
          choosePosition(place.lat, place.lon, 'place', place.name);
        });
        li.append(b);
        els.searchResults.append(li);
      }
    } catch (error) {
      els.searchResults.append(el('li', 'search-empty error', error.message));
    }
    els.searchResults.hidden = false;
  }

  // ---------------------------------------------------------------- filters

  function buildFilters() {
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

  function filtersChanged() {
    syncChips();
    if (state.origin) {
      choosePosition(
        state.origin.lat,
        state.origin.lon,
        state.origin.source === 'saved' ? 'map' : state.origin.source,
        state.origin.label,
        true
      );
    }
    if (map) {
      loadView();
    }
  }

  // ---------------------------------------------------------------- station page

  let stationController = null;

  function openStation(id) {
    if (location.hash !== '#station=' + encodeURIComponent(id)) {
      location.hash = 'station=' + encodeURIComponent(id);
    } else {
      route();
    }
  }

  function closeStation() {
    if (location.hash.indexOf('#station=') === 0) {
      history.pushState('', document.title, location.pathname + location.search);
    }
    route();
  }

  function route() {
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
      const [feature, nav, profile] = await Promise.all([
        fetchJson(API + '/stations/' + enc, controller.signal),
        fetchJson(API + '/stations/' + enc + '/navigation', controller.signal).catch(() => null),
        fetchJson(API + '/stations/' + enc + '/occupancy-profile', controller.signal).catch(() => null),
      ]);
      if (state.stationId !== id) {
        return;
      }
      rememberLive(id, feature.data.properties.live, measuredAt(feature));
      state.station = {
        feature: feature.data,
        navigation: nav ? nav.data : null,
        profile: profile ? profile.data : null,
      };
      renderStation();
      followLive();
    } catch (error) {
      if (!isAbort(error) && state.stationId === id) {
        els.stationBody.replaceChildren(el('p', 'error', error.message));
      }
    }
  }

  function section(titleKey, className) {
    const s = el('section', 'st-section ' + (className || ''));
    s.append(el('h3', 'st-heading', t(titleKey)));
    return s;
  }

  function renderStation() {
    const st = state.station;
    const props = st.feature.properties;
    const c = st.feature.geometry.coordinates;
    const body = [];
    const title = el('h2', 'st-name', displayName(props));
    title.id = 'station-name';
    body.push(title);
    if (window.YzText.lang() === 'zh' && props.name_en) {
      const en = el('p', 'st-name-en', props.name_en);
      en.lang = 'en';
      body.push(en);
    }
    body.push(el('p', 'st-kind', t('k_' + props.kind) + ' · ' + t('st_capacity', { n: props.capacity })));
    body.push(el('p', 'st-state state state-' + stateOf(props), stateText(props)));
    if (state.origin && state.origin.source !== 'saved') {
      const d = distanceMetres(state.origin.lat, state.origin.lon, c[1], c[0]);
      body.push(el('p', 'st-distance', formatDistance(d) + ' · ' + formatWalk(walkMinutes(d))));
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
    fillLive(live, props.id, props.capacity);
    now.append(live);
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
    fact('st_hours', props.opening_hours || t('st_hours_none'));
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

  /** Today's hourly occupancy over the typical one for this weekday: SVG bars and a sentence. */
  function busySection(profile, props) {
    const s = section('st_busy', 'st-busy');
    if (!profile || !Array.isArray(profile.hours) || profile.hours.every((h) => h.today === null && h.typical === null)) {
      s.append(el('p', 'hint', t('st_busy_none')));
      return s;
    }
    const cap = Math.max(1, profile.capacity || props.capacity || 1);
    const hourNow = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: 'numeric', hourCycle: 'h23' }).format(new Date()));
    const W = 24 * 12;
    const H = 80;
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + (H + 14));
    svg.setAttribute('class', 'busy-chart');
    svg.setAttribute('aria-hidden', 'true');
    /** One hour's bar of `value` seats at `x`, scaled to the capacity. */
    const bar = (value, x, width, cls) => {
      const r = document.createElementNS(ns, 'rect');
      const hh = (Math.min(value, cap) / cap) * H;
      r.setAttribute('x', x);
      r.setAttribute('y', H - hh);
      r.setAttribute('width', width);
      r.setAttribute('height', hh);
      r.setAttribute('class', cls);
      svg.append(r);
    };
    let peak = 0;
    let peakValue = -1;
    for (const h of profile.hours) {
      const x = h.hour * 12;
      if (h.typical !== null) {
        if (h.typical > peakValue) {
          peakValue = h.typical;
          peak = h.hour;
        }
        bar(h.typical, x + 1, 10, 'typical');
      }
      if (h.today !== null) {
        bar(h.today, x + 3, 6, h.hour === hourNow ? 'today now' : 'today');
      }
      if (h.hour % 6 === 0) {
        const label = document.createElementNS(ns, 'text');
        label.setAttribute('x', x);
        label.setAttribute('y', H + 12);
        label.textContent = String(h.hour);
        svg.append(label);
      }
    }
    const cursor = document.createElementNS(ns, 'line');
    cursor.setAttribute('x1', hourNow * 12 + 6);
    cursor.setAttribute('x2', hourNow * 12 + 6);
    cursor.setAttribute('y1', 0);
    cursor.setAttribute('y2', H);
    cursor.setAttribute('class', 'cursor');
    svg.append(cursor);
    s.append(svg);
    const current = profile.hours[hourNow] || {};
    const typ = current.typical === null || current.typical === undefined ? '?' : Math.round(current.typical);
    const nowCount = liveNow(props.id);
    const summary =
      nowCount && nowCount.seats.state === 'current'
        ? t('st_busy_summary', { now: nowCount.seats.value, typ: typ, peak: peak })
        : t('st_busy_summary_nonow', { typ: typ, peak: peak });
    s.append(el('p', 'busy-summary', summary));
    const weekday = new Date(profile.date + 'T12:00:00+08:00').getUTCDay();
    s.append(el('p', 'hint', t('st_busy_note', { w: profile.weeks, weekday: t('weekday_' + weekday) })));
    return s;
  }

  function reportSection(id) {
    const s = section('st_report', 'st-report');
    const form = el('form', 'report-form');
    const kindLabel = el('label', 'field');
    kindLabel.append(el('span', null, t('report_kind')));
    const select = el('select');
    select.name = 'kind';
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

  // ---------------------------------------------------------------- language and view

  function applyLanguage() {
    window.YzText.apply(document);
    document.title = t('title') + ' · Yizhan';
    redrawMessages();
    buildFilters();
    if (state.nearest.length) {
      els.nearest.replaceChildren(...state.nearest.map(nearestItem));
    }
    if (state.station) {
      renderStation();
    }
    syncViewToggle();
    if (map) {
      showOriginAndNearest();
      loadView();
    }
  }

  function syncViewToggle() {
    const listOnly = document.body.classList.contains('list-only');
    els.viewToggle.setAttribute('aria-pressed', listOnly ? 'true' : 'false');
    els.viewToggle.textContent = t(listOnly ? 'view_map' : 'view_list');
    els.viewToggle.setAttribute('aria-label', t(listOnly ? 'view_map_label' : 'view_list_label'));
  }

  function setListOnly(listOnly) {
    document.body.classList.toggle('list-only', listOnly);
    try {
      localStorage.setItem(VIEW_KEY, listOnly ? '1' : '0');
    } catch (e) {
      // not remembered
    }
    syncViewToggle();
    if (!listOnly) {
      ensureMap().then((ok) => {
        if (ok) {
          map.invalidateSize();
          loadView();
        }
      });
    }
    followLive();
  }

  function tickAges() {
    for (const node of document.querySelectorAll('[data-live-for]')) {
      const id = node.getAttribute('data-live-for');
      fillLive(node, id, capacityOf(id));
    }
  }

  // ---------------------------------------------------------------- start

  async function start() {
    window.YzText.apply(document);
    document.title = t('title') + ' · Yizhan';
    buildFilters();
    let listOnly = false;
    try {
      listOnly = localStorage.getItem(VIEW_KEY) === '1';
    } catch (e) {
      // default view
    }
    document.body.classList.toggle('list-only', listOnly);
    syncViewToggle();

    els.lang.addEventListener('click', () => {
      window.YzText.setLang(window.YzText.lang() === 'zh' ? 'en' : 'zh');
      applyLanguage();
    });
    els.viewToggle.addEventListener('click', () =>
      setListOnly(!document.body.classList.contains('list-only'))
    );
    els.nearMe.addEventListener('click', locateMe);
    els.search.addEventListener('submit', search);
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
    els.stationBack.addEventListener('click', closeStation);
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && state.stationId) {
        closeStation();
      }
    });
    window.addEventListener('hashchange', route);
    window.addEventListener('online', () => {
      els.netNote.hidden = true;
    });
    window.addEventListener('offline', () => {
      els.netNote.hidden = false;
    });
    setInterval(tickAges, AGE_TICK_MS);

    const restored = restoreSaved();
    const located = await locateIfAllowed();
    if (!restored && !located) {
      say(els.nearestStatus, 'nearest_hint');
    }
    route();
    if (!listOnly) {
      if (located) {
        // On a slow network the list's answer goes first; the map follows it (or 2.5 s later).
        mapWhenListed = () => ensureMap();
        setTimeout(mapWhenListed, 2500);
      } else {
        ensureMap();
      }
    }
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.register('/sw.js').catch(() => {
        // no offline copy: the page still works online
      });
    }
  }

  start();
})();
