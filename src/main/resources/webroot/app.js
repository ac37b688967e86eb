/*
 * Yizhan map page: stations in view as coloured circle markers, and the five stations nearest to
 * the user (from geolocation or a tap on the map) in a list.
 *
 * Plain browser JavaScript, no build step. Station text is only ever inserted with textContent.
 */
(function () {
  'use strict';

  const API = '/api/v1';
  const SHANXI_BOUNDS = [[34.55, 110.2], [40.75, 114.6]];
  const INITIAL_CENTER = [37.5, 112.3];
  const INITIAL_ZOOM = 7;
  const NARROW_MAP_PX = 600;
  const MAX_MARKERS = 5000;
  const NEAREST_COUNT = 5;
  const MOVE_DEBOUNCE_MS = 250;

  const STATE_STYLE = {
    open: { fillColor: '#1a7f37', color: '#0d3f1b' },
    closed: { fillColor: '#8a8a8a', color: '#3d3d3d' },
    unknown: { fillColor: '#f0a500', color: '#7a5300' },
  };
  const STATE_LABEL = {
    open: '营业中 (open)',
    closed: '已关闭 (closed)',
    unknown: '时间未知 (hours unknown)',
  };
  const KIND_LABEL = {
    urban_rest_station: '户外劳动者驿站 (rest station)',
    drivers_home: '司机之家 (drivers’ home)',
    workers_home: '职工之家 (workers’ home)',
    mother_baby_room: '母婴室 (mother & baby room)',
    mine_station: '矿区驿站 (mine station)',
    service_area_station: '服务区驿站 (service area station)',
  };
  const AMENITY_LABEL = {
    drinking_water: '饮水 (water)',
    meal_heating: '热饭 (meal heating)',
    air_conditioning: '空调 (air conditioning)',
    heating: '暖气 (heating)',
    toilet: '厕所 (toilet)',
    phone_charging: '充电 (phone charging)',
    battery_swap: '换电 (battery swap)',
    medicine_kit: '药箱 (medicine kit)',
    aed: 'AED',
    umbrella_loan: '借伞 (umbrella loan)',
    reading_corner: '阅读角 (reading corner)',
    wifi: 'Wi-Fi',
    shower: '淋浴 (shower)',
    laundry: '洗衣 (laundry)',
    truck_parking: '货车停车 (truck parking)',
  };

  const els = {
    status: document.getElementById('status'),
    limitNote: document.getElementById('limit-note'),
    tileNote: document.getElementById('tile-note'),
    nearMe: document.getElementById('near-me'),
    nearestStatus: document.getElementById('nearest-status'),
    nearest: document.getElementById('nearest'),
  };

  if (typeof L === 'undefined') {
    setMessage(els.status, '地图组件加载失败，请刷新页面。(The map library failed to load; please reload.)', true);
    return;
  }

  const map = L.map('map', { minZoom: 3, maxZoom: 18 });
  map.createPane('highlight').style.zIndex = 450;
  const stationLayer = L.layerGroup().addTo(map);
  const highlightLayer = L.layerGroup().addTo(map);
  const markersById = new Map();
  const highlightsById = new Map();

  let loadTimer = null;
  let loadController = null;
  let loadSeq = 0;
  let nearestController = null;
  let nearestSeq = 0;

  // ---------------------------------------------------------------- helpers

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

  function setMessage(target, text, isError) {
    target.textContent = text;
    target.classList.toggle('error', Boolean(isError));
  }

  /** Text for Leaflet APIs that take HTML (the attribution): escaped via the DOM. */
  function escapeHtml(text) {
    const div = document.createElement('div');
    div.textContent = text;
    return div.innerHTML;
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

  // Opening hours are local to the stations, so times are shown in China Standard Time.
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

  function formatChangeTime(iso) {
    const when = new Date(iso);
    if (isNaN(when.getTime())) {
      return '';
    }
    const time = TIME_FORMAT.format(when);
    const day = DAY_FORMAT.format(when);
    return day === DAY_FORMAT.format(new Date()) ? time : day + ' ' + time;
  }

  function formatWalk(minutes) {
    if (minutes < 60) {
      return '步行约 ' + minutes + ' 分钟 (' + minutes + ' min walk)';
    }
    const hours = Math.round(minutes / 6) / 10;
    return '步行约 ' + hours + ' 小时 (' + hours + ' h walk)';
  }

  function stateOf(props) {
    return STATE_STYLE[props.open_state] ? props.open_state : 'unknown';
  }

  function stateText(props) {
    const state = stateOf(props);
    const time = props.next_change ? formatChangeTime(props.next_change) : '';
    if (time && state === 'open') {
      return '营业中，' + time + ' 关门 (open, closes ' + time + ')';
    }
    if (time && state === 'closed') {
      return '已关闭，' + time + ' 开门 (closed, opens ' + time + ')';
    }
    return STATE_LABEL[state];
  }

  function displayName(props) {
    const zh = props.name_zh || props.name_en || props.id;
    return props.name_en && props.name_zh ? zh + ' (' + props.name_en + ')' : zh;
  }

  function latLngOf(feature) {
    const coords = feature.geometry.coordinates;
    return L.latLng(coords[1], coords[0]);
  }

  // ---------------------------------------------------------------- HTTP

  async function fetchJson(url, signal) {
    let response;
    try {
      response = await fetch(url, {
        signal: signal,
        headers: { Accept: 'application/geo+json, application/json' },
      });
    } catch (error) {
      if (isAbort(error)) {
        throw error;
      }
      throw new Error('无法连接服务器 (cannot reach the server)');
    }
    if (!response.ok) {
      throw new Error(await problemDetail(response));
    }
    return response.json();
  }

  /** The {@code detail} of an application/problem+json answer, or a generic text. */
  async function problemDetail(response) {
    try {
      const body = await response.json();
      if (body && typeof body.detail === 'string' && body.detail) {
        return body.detail;
      }
    } catch (ignored) {
      // not JSON: fall through to the status line
    }
    return '服务器错误 (server error) HTTP ' + response.status;
  }

  // ---------------------------------------------------------------- base map

  async function addBaseLayer() {
    try {
      const config = await fetchJson(API + '/map-config');
      if (!config || !config.tile_url) {
        throw new Error('map-config has no tile_url');
      }
      const tiles = L.tileLayer(config.tile_url, {
        maxZoom: 19,
        attribution: escapeHtml(config.tile_attribution || ''),
      });
      tiles.on('tileerror', showTileProblem);
      tiles.addTo(map);
    } catch (error) {
      showTileProblem();
      const detail = document.createElement('span');
      detail.textContent = ' 底图配置加载失败 (base map configuration failed): ' + error.message;
      els.tileNote.append(detail);
    }
  }

  function showTileProblem() {
    els.tileNote.hidden = false;
  }

  // ---------------------------------------------------------------- live values

  function formatAge(seconds) {
    if (seconds < 60) {
      return seconds + ' 秒前 (s ago)';
    }
    if (seconds < 3600) {
      return Math.round(seconds / 60) + ' 分钟前 (min ago)';
    }
    return Math.round(seconds / 3600) + ' 小时前 (h ago)';
  }

  /** One line about live values: every value with its age; stale ones only as "last known". */
  function liveText(live) {
    if (!live) {
      return '无实时数据 (no live data)';
    }
    const parts = [];
    if (live.occupancy_state === 'current') {
      const free = typeof live.free_seats === 'number' ? live.free_seats : '?';
      parts.push('空位 ' + free + '/' + live.capacity + ' (free seats), ' + formatAge(live.occupancy_age_s));
    } else if (live.occupancy_state === 'stale') {
      parts.push('人数已过时 (occupancy stale): 最后已知 ' + live.occupancy_last_known + ', ' + formatAge(live.occupancy_age_s));
    } else if (live.occupancy_state === 'invalid') {
      parts.push('人数数据无效 (occupancy reading invalid), ' + formatAge(live.occupancy_age_s));
    }
    if (live.temperature_c_state === 'current') {
      parts.push(live.temperature_c + ' °C, ' + formatAge(live.temperature_c_age_s));
    } else if (live.temperature_c_state === 'stale') {
      parts.push('温度已过时 (temperature stale): ' + live.temperature_c_last_known + ' °C, ' + formatAge(live.temperature_c_age_s));
    }
    return parts.length ? parts.join(' · ') : '无实时数据 (no live data)';
  }

  let liveSource = null;
  let liveBox = null;

  /** Follows live changes for the stations in view; markers and lists update in place. */
  function followLive() {
    const box = bboxParam(map.getBounds());
    if (liveSource && box === liveBox) {
      return;
    }
    if (liveSource) {
      liveSource.close();
    }
    liveBox = box;
    liveSource = new EventSource('/api/v1/live?bbox=' + box);
    liveSource.addEventListener('live', (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      for (const station of data.stations || []) {
        applyLive(station.id, station.live);
      }
    });
  }

  function applyLive(id, live) {
    const marker = markersById.get(id);
    if (marker) {
      marker.feature.properties.live = live;
      if (marker.isPopupOpen()) {
        marker.setPopupContent(buildPopup(marker.feature.properties));
      }
    }
    for (const span of document.querySelectorAll('li[data-station-id="' + CSS.escape(id) + '"] .live')) {
      span.textContent = liveText(live);
      span.setAttribute('data-updated', new Date().toISOString());
    }
  }

  // ---------------------------------------------------------------- popups

  function buildPopup(props, distance) {
    const root = el('div', 'station-popup');
    root.append(el('h3', null, displayName(props)));
    const list = el('dl');
    const addRow = (label, value) => {
      if (value === undefined || value === null || value === '') {
        return;
      }
      list.append(el('dt', null, label), el('dd', null, value));
    };
    addRow('状态 (State)', stateText(props));
    addRow('实时 (Live)', liveText(props.live));
    addRow('距离 (Distance)', distance);
    addRow('地址 (Address)', props.address);
    addRow('容量 (Capacity)', typeof props.capacity === 'number' ? props.capacity + ' 人 (people)' : '');
    addRow('开放时间 (Hours)', props.opening_hours || '未提供 (not given)');
    addRow('类型 (Kind)', KIND_LABEL[props.kind] || props.kind);
    const amenities = (props.amenities || []).map((a) => AMENITY_LABEL[a] || a);
    addRow('设施 (Amenities)', amenities.join('、'));
    addRow('电话 (Phone)', props.phone);
    root.append(list);
    return root;
  }

  // ---------------------------------------------------------------- station markers

  function markerRadius(zoom) {
    if (zoom <= 8) {
      return 5;
    }
    return zoom <= 12 ? 7 : 9;
  }

  function markerStyle(props, radius) {
    const colours = STATE_STYLE[stateOf(props)];
    return {
      radius: radius,
      color: colours.color,
      fillColor: colours.fillColor,
      weight: 1.5,
      opacity: 1,
      fillOpacity: 0.9,
    };
  }

  function createMarker(feature, radius) {
    const marker = L.circleMarker(latLngOf(feature), markerStyle(feature.properties, radius));
    marker.feature = feature;
    marker.bindPopup((layer) => buildPopup(layer.feature.properties), { maxWidth: 300 });
    marker.addTo(stationLayer);
    const path = marker.getElement();
    if (path) {
      path.setAttribute('data-station-id', feature.properties.id);
    }
    return marker;
  }

  function updateMarker(marker, feature, radius) {
    marker.feature = feature;
    marker.setLatLng(latLngOf(feature));
    marker.setStyle(markerStyle(feature.properties, radius));
    marker.setRadius(radius);
  }

  function renderStations(features) {
    const radius = markerRadius(map.getZoom());
    const seen = new Set();
    for (const feature of features) {
      const id = feature.properties.id;
      seen.add(id);
      const existing = markersById.get(id);
      if (existing) {
        updateMarker(existing, feature, radius);
      } else {
        markersById.set(id, createMarker(feature, radius));
      }
    }
    for (const [id, marker] of markersById) {
      if (!seen.has(id)) {
        stationLayer.removeLayer(marker);
        markersById.delete(id);
      }
    }
  }

  function showCounts(data, shown) {
    const returned = typeof data.numberReturned === 'number' ? data.numberReturned : shown;
    const matched = typeof data.numberMatched === 'number' ? data.numberMatched : returned;
    if (returned === 0) {
      setMessage(els.status, '此区域没有驿站 (no stations in this area)', false);
    } else {
      setMessage(els.status, '地图上显示 ' + returned + ' 个驿站 (' + returned + ' stations shown)', false);
    }
    if (matched > returned) {
      els.limitNote.textContent =
        '显示 ' + returned + ' / ' + matched + ' 个驿站，请放大地图查看全部 ' +
        '(showing ' + returned + ' of ' + matched + ' — zoom in)';
      els.limitNote.hidden = false;
    } else {
      els.limitNote.hidden = true;
    }
  }

  function bboxParam(bounds) {
    const west = clamp(bounds.getWest(), -180, 180);
    const south = clamp(bounds.getSouth(), -90, 90);
    const east = clamp(bounds.getEast(), -180, 180);
    const north = clamp(bounds.getNorth(), -90, 90);
    return [west, south, east, north].map((v) => v.toFixed(5)).join(',');
  }

  function scheduleStationLoad() {
    clearTimeout(loadTimer);
    loadTimer = setTimeout(loadStations, MOVE_DEBOUNCE_MS);
  }

  async function loadStations() {
    if (loadController) {
      loadController.abort();
    }
    const controller = new AbortController();
    loadController = controller;
    const seq = ++loadSeq;
    const url = API + '/stations?bbox=' + bboxParam(map.getBounds()) + '&limit=' + MAX_MARKERS;
    try {
      const data = await fetchJson(url, controller.signal);
      if (seq !== loadSeq) {
        return;
      }
      const features = Array.isArray(data.features) ? data.features : [];
      renderStations(features);
      showCounts(data, features.length);
    } catch (error) {
      if (isAbort(error) || seq !== loadSeq) {
        return;
      }
      setMessage(els.status, '驿站加载失败 (could not load stations): ' + error.message, true);
    }
  }

  // ---------------------------------------------------------------- nearest stations

  function showPosition(latlng) {
    const marker = L.circleMarker(latlng, {
      pane: 'highlight',
      interactive: false,
      radius: 9,
      color: '#ffffff',
      weight: 3,
      fillColor: '#1565c0',
      fillOpacity: 1,
    });
    marker.bindTooltip('我的位置 (me)', { permanent: true, direction: 'bottom', offset: [0, 10] });
    marker.addTo(highlightLayer);
  }

  function highlightNearest(features) {
    highlightsById.clear();
    features.forEach((feature, index) => {
      const props = feature.properties;
      const marker = L.circleMarker(latLngOf(feature), {
        pane: 'highlight',
        radius: 11,
        color: '#0b5394',
        weight: 4,
        fillColor: STATE_STYLE[stateOf(props)].fillColor,
        fillOpacity: 1,
      });
      marker.bindTooltip(String(index + 1), {
        permanent: true,
        direction: 'right',
        offset: [10, 0],
        className: 'rank-label',
      });
      marker.bindPopup(() => buildPopup(props, formatDistance(props.distance_m)), { maxWidth: 300 });
      marker.addTo(highlightLayer);
      highlightsById.set(props.id, marker);
    });
  }

  function nearestItem(feature) {
    const props = feature.properties;
    const li = el('li');
    li.setAttribute('data-station-id', props.id);
    const button = el('button', 'nearest-item');
    button.type = 'button';
    const body = el('span', 'nearest-body');
    body.append(el('span', 'nearest-name', displayName(props)));
    const meta = el('span', 'nearest-meta');
    const distance = el('span', 'distance', formatDistance(props.distance_m));
    meta.append(distance);
    if (typeof props.walking_time_min === 'number') {
      meta.append(' · ' + formatWalk(props.walking_time_min));
    }
    meta.append(' · ');
    meta.append(el('span', 'state state-' + stateOf(props), stateText(props)));
    body.append(meta);
    body.append(el('span', 'nearest-meta live', liveText(props.live)));
    if (props.address) {
      body.append(el('span', 'nearest-meta', props.address));
    }
    button.append(body);
    button.addEventListener('click', () => focusStation(feature));
    li.append(button);
    return li;
  }

  function focusStation(feature) {
    const marker = highlightsById.get(feature.properties.id);
    map.setView(latLngOf(feature), Math.max(map.getZoom(), 15));
    if (marker) {
      marker.openPopup();
    }
  }

  function renderNearest(features, latText, lonText, source) {
    els.nearest.setAttribute('data-lat', latText);
    els.nearest.setAttribute('data-lon', lonText);
    els.nearest.replaceChildren(...features.map(nearestItem));
    if (features.length === 0) {
      setMessage(els.nearestStatus, '附近没有找到驿站 (no stations found nearby)', false);
      return;
    }
    const where = source === 'gps' ? '您当前位置 (your position)' : '所选位置 (the chosen point)';
    setMessage(
      els.nearestStatus,
      '离' + where + '最近的 ' + features.length + ' 个驿站 (the ' + features.length + ' nearest stations)',
      false
    );
  }

  function fitToNearest(latlng, features) {
    const bounds = L.latLngBounds([latlng]);
    features.forEach((feature) => bounds.extend(latLngOf(feature)));
    map.fitBounds(bounds, { padding: [48, 48], maxZoom: 15 });
  }

  async function choosePosition(lat, lon, source) {
    const latText = coordText(lat);
    const lonText = coordText(lon);
    const latlng = L.latLng(Number(latText), Number(lonText));
    if (nearestController) {
      nearestController.abort();
    }
    const controller = new AbortController();
    nearestController = controller;
    const seq = ++nearestSeq;
    highlightLayer.clearLayers();
    showPosition(latlng);
    setMessage(els.nearestStatus, '正在查找最近的驿站… (finding the nearest stations…)', false);
    const url = API + '/stations/nearby?lat=' + latText + '&lon=' + lonText + '&limit=' + NEAREST_COUNT;
    try {
      const data = await fetchJson(url, controller.signal);
      if (seq !== nearestSeq) {
        return;
      }
      const features = Array.isArray(data.features) ? data.features : [];
      highlightNearest(features);
      renderNearest(features, latText, lonText, source);
      fitToNearest(latlng, features);
    } catch (error) {
      if (isAbort(error) || seq !== nearestSeq) {
        return;
      }
      setMessage(els.nearestStatus, '查找附近驿站失败 (could not find nearby stations): ' + error.message, true);
    }
  }

  // ---------------------------------------------------------------- geolocation

  function geolocationProblem(error) {
    const reasons = {
      1: '未获得定位权限 (location permission denied)',
      2: '无法确定您的位置 (position unavailable)',
      3: '定位超时 (location timed out)',
    };
    const reason = (error && reasons[error.code]) || '无法定位 (location unavailable)';
    return reason + '。请直接点地图选择您的位置。(Tap the map to choose your position instead.)';
  }

  function setLocating(busy) {
    els.nearMe.setAttribute('aria-busy', busy ? 'true' : 'false');
  }

  function locateMe() {
    if (!navigator.geolocation) {
      setMessage(els.nearestStatus, geolocationProblem(null), true);
      return;
    }
    setLocating(true);
    setMessage(els.nearestStatus, '正在获取您的位置… (finding your position…)', false);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        choosePosition(position.coords.latitude, position.coords.longitude, 'gps');
      },
      (error) => {
        setLocating(false);
        setMessage(els.nearestStatus, geolocationProblem(error), true);
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  }

  // ---------------------------------------------------------------- start

  function start() {
    map.on('moveend', scheduleStationLoad);
    map.on('moveend', followLive);
    map.on('click', (event) => {
      const point = event.latlng.wrap();
      choosePosition(point.lat, point.lng, 'map');
    });
    els.nearMe.addEventListener('click', locateMe);
    if (map.getSize().x < NARROW_MAP_PX) {
      map.fitBounds(SHANXI_BOUNDS); // phones: zoom out until the whole province fits
    } else {
      map.setView(INITIAL_CENTER, INITIAL_ZOOM);
    }
    scheduleStationLoad();
    followLive();
    addBaseLayer();
  }

  start();
})();
