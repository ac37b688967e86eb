/*
 * The worker map's live stream: one Server-Sent Events subscription to /api/v1/live for the box
 * the page shows (nearest stations, the open station, the zoomed-in view); each change redraws
 * that station's live lines and marker only.
 */

import { state } from './state.js';
import { API } from './http.js';
import { rememberLive, redrawLive } from './live.js';
import { restyleMarker, singleStationView } from './map.js';

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
  const view = singleStationView();
  if (view) {
    const parts = view.split(',').map(Number);
    add(parts[1], parts[0]);
    add(parts[3], parts[2]);
  }
  if (!isFinite(minLon)) {
    return null;
  }
  const pad = 0.001;
  return [minLon - pad, minLat - pad, maxLon + pad, maxLat + pad].map((v) => v.toFixed(4)).join(',');
}

export function followLive() {
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
