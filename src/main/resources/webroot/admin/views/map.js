/*
 * Health map: the admin's stations that have devices, coloured by their worst device's health,
 * loaded for the visible area. Works without base-map tiles (a note says so), and says so plainly
 * when the server has no health map endpoint (404).
 */
import { t, lang } from '../i18n.js';
import { api, h, link, reportError, stationName, fmtTime, isAbort } from '../core.js';
import { STATES } from './fleet.js';

const INITIAL_CENTER = [37.5, 112.3];
const INITIAL_ZOOM = 7;
const MOVE_DEBOUNCE_MS = 300;
const HEALTH_COLOUR = {
  online: ['#1a7f37', '#0d3f1b'],
  late: ['#d08a00', '#6b4700'],
  offline: ['#c62828', '#5c0f0f'],
  never_seen: ['#6a5acd', '#2e2570'],
  disabled: ['#8a8a8a', '#3d3d3d'],
};

export const mapView = {
  render(ctx) {
    const status = h('p', { class: 'muted', id: 'map-status', 'aria-live': 'polite', text: t('common.loading') });
    const tileNote = h('p', { class: 'note', id: 'map-tile-note', hidden: true, text: t('map.noTiles') });
    const missing = h('p', { class: 'notice', id: 'map-unavailable', hidden: true, text: t('map.unavailable') });
    const mapEl = h('div', { id: 'health-map', class: 'health-map', role: 'region', 'aria-label': t('map.label') });
    const legend = h(
      'ul',
      { class: 'legend', 'aria-label': t('map.legend') },
      STATES.map((s) => h('li', {}, h('span', { class: 'dot', style: 'background:' + HEALTH_COLOUR[s][0], 'aria-hidden': 'true' }), t('state.' + s)))
    );
    ctx.root.append(h('div', { class: 'view-head' }, h('h2', { text: t('map.title') }), status), missing, tileNote, legend, mapEl);

    if (typeof L === 'undefined') {
      status.textContent = t('map.noLeaflet');
      status.className = 'notice';
      return;
    }
    const map = L.map(mapEl, { preferCanvas: true, minZoom: 3, maxZoom: 18 }).setView(INITIAL_CENTER, INITIAL_ZOOM);
    window.yizhanHealthMap = map; // for the browser tests, as the worker map's yizhanMap
    const layer = L.layerGroup().addTo(map);
    ctx.onLeave(() => map.remove());
    const shift = { gcj: false };
    addBaseLayer(ctx, map, tileNote).then((gcj) => {
      if (gcj) {
        shift.gcj = true; // GCJ-02 tiles (Amap): draw every station shifted, as the worker map does
        load();
      }
    });

    let timer = null;
    let controller = null;
    let gone = false;
    const load = async () => {
      if (gone) {
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      const bbox = wgsBbox(map.getBounds(), shift.gcj);
      try {
        const data = await api('/fleet/stations?bbox=' + bbox, { signal: controller.signal });
        const features = data.features || [];
        layer.clearLayers();
        for (const f of features) {
          marker(f, shift.gcj).addTo(layer);
        }
        mapEl.setAttribute('data-markers', String(features.length));
        status.textContent = features.length
          ? t('map.count', { n: features.length, time: fmtTime(data.as_of) })
          : t('map.none');
      } catch (error) {
        if (isAbort(error)) {
          return;
        }
        if (error.status === 404) {
          gone = true; // the server has no health map: say so once, keep the page usable
          missing.hidden = false;
          status.textContent = '';
          mapEl.setAttribute('data-markers', 'unavailable');
          return;
        }
        status.textContent = t('map.loadFailed');
        reportError(error, t('map.loadFailed'));
      }
    };
    map.on('moveend', () => {
      clearTimeout(timer);
      timer = setTimeout(load, MOVE_DEBOUNCE_MS);
    });
    ctx.onLeave(() => {
      gone = true;
      clearTimeout(timer);
      if (controller) {
        controller.abort();
      }
    });
    load();
  },
};

/**
 * The view as a WGS-84 bbox parameter. On GCJ-02 tiles the view's corners are GCJ-02 and are
 * converted back (padded a little, as the offset varies across the view), or the stations near one
 * edge, drawn shifted into view, would never be asked for.
 */
function wgsBbox(bounds, gcj) {
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  let sw = [bounds.getWest(), bounds.getSouth()];
  let ne = [bounds.getEast(), bounds.getNorth()];
  const pad = gcj && window.YzCrs ? 0.01 : 0;
  if (pad) {
    sw = window.YzCrs.gcjToWgs(sw[0], sw[1]);
    ne = window.YzCrs.gcjToWgs(ne[0], ne[1]);
  }
  return [clamp(sw[0] - pad, -180, 180), clamp(sw[1] - pad, -90, 90), clamp(ne[0] + pad, -180, 180), clamp(ne[1] + pad, -90, 90)]
    .map((v) => v.toFixed(5))
    .join(',');
}

function marker(feature, gcj) {
  const p = feature.properties || {};
  const [fill, stroke] = HEALTH_COLOUR[p.health] || HEALTH_COLOUR.disabled;
  const c = feature.geometry.coordinates;
  const at = gcj && window.YzCrs ? window.YzCrs.wgsToGcj(c[0], c[1]) : c;
  const m = L.circleMarker([at[1], at[0]], { radius: 8, color: stroke, fillColor: fill, weight: 1.5, fillOpacity: 0.9 });
  m.bindPopup(() => popup(p), { maxWidth: 280 });
  return m;
}

function popup(p) {
  const counts = p.devices || {};
  return h(
    'div',
    { class: 'map-popup' },
    h('h3', { text: stationName(p, lang()) }),
    h('p', { class: 'muted', text: [p.city, p.district].filter(Boolean).join(' ') }),
    h('p', {}, t('map.health') + ': ', h('span', { class: 'badge state-' + p.health, text: t('state.' + p.health) })),
    h(
      'ul',
      { class: 'counts' },
      STATES.filter((s) => counts[s]).map((s) => h('li', { text: t('state.' + s) + ': ' + counts[s] }))
    ),
    h(
      'p',
      { class: 'popup-links' },
      link('/stations/' + encodeURIComponent(p.id), null, t('map.openStation')),
      ' · ',
      link('/devices', { station_id: p.id }, t('map.openDevices'))
    )
  );
}

async function addBaseLayer(ctx, map, note) {
  try {
    const config = await api('/map-config', { signal: ctx.signal });
    if (!config || !config.tile_url) {
      throw new Error('no tile_url');
    }
    const escape = document.createElement('div');
    escape.textContent = config.tile_attribution || '';
    const options = {
      maxZoom: config.max_zoom || 19,
      subdomains: config.subdomains || 'abc',
      attribution: escape.innerHTML,
    };
    const tiles = L.tileLayer(config.tile_url, options);
    tiles.on('tileerror', () => {
      note.hidden = false;
    });
    tiles.addTo(map);
    if (config.overlay_url) {
      L.tileLayer(config.overlay_url, Object.assign({}, options, { attribution: '' })).addTo(map);
    }
    return config.tile_crs === 'gcj02';
  } catch (error) {
    if (!isAbort(error)) {
      note.hidden = false;
    }
    return false;
  }
}
