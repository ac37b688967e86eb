/*
 * Yizhan worker map: the nearest open stations with free seats and a bearable temperature, on a
 * phone. A list of the nearest stations and a map together (or the list alone), filters, a page per
 * station with navigation links and today's occupancy, live values over Server-Sent Events.
 *
 * Plain browser JavaScript as ES modules (like the admin console): this entry wires the modules in
 * map/ together; they share the page's state through map/state.js. The build serves them bundled
 * (src/build/java, MapBundle: esbuild, with the two import()s below as chunks of their own), so
 * the first load asks for few files; the source runs unbundled as well. Station text is
 * only ever inserted with textContent. Every live value is shown with its age; a value past its
 * staleness limit is shown as stale.
 */
import { t, apply, lang, setLang } from './i18n.js';
import { els, state } from './map/state.js';
import { say, redrawMessages } from './map/format.js';
import { tickAges } from './map/live.js';
import { initFilters, buildFilters } from './map/filters.js';
import {
  onMapEvents,
  ensureMap,
  showMap,
  loadView,
  showOriginAndNearest,
} from './map/map.js';
import { followLive } from './map/stream.js';
import {
  nearestItem,
  choosePosition,
  restoreSaved,
  locateMe,
  locateIfAllowed,
  onListed,
} from './map/nearest.js';
import { startWarnings } from './map/warning.js';

const AGE_TICK_MS = 10000;
const VIEW_KEY = 'yizhan.list-only';

/*
 * The station page and the place search are not needed for the first list: they are imported when
 * first used, so a cold load on a slow network waits for fewer files (sw.js still keeps them).
 */
let stationModule = null;

function stationPage() {
  if (!stationModule) {
    stationModule = import('./map/station.js').catch((error) => {
      stationModule = null;
      say(els.status, 'load_failed', { reason: t('no_connection') }, true);
      throw error;
    });
  }
  return stationModule;
}

function route() {
  if (location.hash.indexOf('#station=') === 0 || state.stationId) {
    stationPage().then((page) => page.route(), () => undefined);
  }
}

function openStation(id) {
  stationPage().then((page) => page.openStation(id), () => undefined);
}

function closeStation() {
  stationPage().then((page) => page.closeStation(), () => undefined);
}

function search(event) {
  event.preventDefault();
  import('./map/search.js').then(
    (module) => module.search(event),
    () => say(els.status, 'load_failed', { reason: t('no_connection') }, true)
  );
}

/** A filter changed: the list is asked for again at the same point, the map's view stays. */
function filtersChanged() {
  if (state.origin) {
    choosePosition(
      state.origin.lat,
      state.origin.lon,
      state.origin.source === 'saved' ? 'map' : state.origin.source,
      state.origin.label,
      true
    );
  }
  loadView();
}

function applyLanguage() {
  apply(document);
  document.title = t('title') + ' · Yizhan';
  redrawMessages();
  buildFilters();
  if (state.nearest.length) {
    els.nearest.replaceChildren(...state.nearest.map(nearestItem));
  }
  if (state.station) {
    stationPage().then((page) => page.renderStation(), () => undefined);
  }
  syncViewToggle();
  showOriginAndNearest(); // both do nothing until the map exists
  loadView();
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
    showMap();
  }
  followLive();
}

async function start() {
  apply(document);
  document.title = t('title') + ' · Yizhan';
  initFilters(filtersChanged);
  onMapEvents({
    pick: (lat, lon) => choosePosition(lat, lon, 'map'),
    open: openStation,
    moved: followLive,
  });
  let listOnly = false;
  try {
    listOnly = localStorage.getItem(VIEW_KEY) === '1';
  } catch (e) {
    // default view
  }
  document.body.classList.toggle('list-only', listOnly);
  syncViewToggle();

  els.lang.addEventListener('click', () => {
    setLang(lang() === 'zh' ? 'en' : 'zh');
    applyLanguage();
  });
  els.viewToggle.addEventListener('click', () =>
    setListOnly(!document.body.classList.contains('list-only'))
  );
  els.nearMe.addEventListener('click', locateMe);
  els.search.addEventListener('submit', search);
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

  startWarnings();
  const restored = restoreSaved();
  const located = await locateIfAllowed();
  if (!restored && !located) {
    say(els.nearestStatus, 'nearest_hint');
  }
  route();
  if (!listOnly) {
    if (located) {
      // On a slow network the list's answer goes first; the map follows it (or 2.5 s later).
      const startMap = () => ensureMap();
      onListed(startMap);
      setTimeout(startMap, 2500);
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
