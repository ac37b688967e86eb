/*
 * Service worker of the worker map: keeps the page and the last answers so a phone that loses its
 * network on the street still opens the map and shows where it last found stations. Network first:
 * whatever the network answers wins; only when it fails does the cache answer, marked with
 * X-Yizhan-Stored-At so the page can say the data is old and age its live values.
 */
'use strict';

const SHELL_CACHE = 'yizhan-shell-v1';
const DATA_CACHE = 'yizhan-data-v1';
const MAX_DATA_ENTRIES = 80;
const SHELL = [
  '/',
  '/app.css',
  '/app.js',
  '/i18n.js',
  '/crs.js',
  '/manifest.webmanifest',
  '/icons/favicon.svg',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  // the ES modules app.js imports (src/main/resources/webroot/map/); the build (MapBundle)
  // lists its bundle's files instead of app.js, i18n.js and these
  '/map/state.js',
  '/map/format.js',
  '/map/http.js',
  '/map/live.js',
  '/map/filters.js',
  '/map/map.js',
  '/map/stream.js',
  '/map/nearest.js',
  '/map/order.js',
  '/map/declutter.js',
  '/map/search.js',
  '/map/busy.js',
  '/map/station.js',
  '/map/warning.js',
  '/map/arrival.js',
  '/map/hours.js',
  '/vendor/leaflet/leaflet.css',
  '/vendor/leaflet/leaflet.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((k) => k !== SHELL_CACHE && k !== DATA_CACHE)
            .map((k) => caches.delete(k))
        )
      )
      .then(() => self.clients.claim())
  );
});

/** The station reads a worker needs offline; live streams, admin and writes are never cached. */
function cacheableApi(url) {
  return (
    url.pathname === '/api/v1/map-config' ||
    url.pathname === '/api/v1/stations' ||
    url.pathname === '/api/v1/stations/nearby' ||
    url.pathname === '/api/v1/stations/clusters' ||
    url.pathname === '/api/v1/places' ||
    /^\/api\/v1\/stations\/[a-z0-9][a-z0-9-]*(\/navigation|\/occupancy-profile)?$/.test(url.pathname)
  );
}

async function remember(request, response) {
  const body = await response.clone().blob();
  const headers = new Headers(response.headers);
  headers.set('X-Yizhan-Stored-At', String(Date.now()));
  const cache = await caches.open(DATA_CACHE);
  await cache.put(request, new Response(body, { status: response.status, headers: headers }));
  const keys = await cache.keys();
  for (let i = 0; i < keys.length - MAX_DATA_ENTRIES; i++) {
    await cache.delete(keys[i]);
  }
}

async function networkFirstData(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      remember(request, response).catch(() => undefined);
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request, { cacheName: DATA_CACHE });
    if (cached) {
      return cached;
    }
    throw error;
  }
}

async function networkFirstShell(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(SHELL_CACHE);
      cache.put(request, response.clone()).catch(() => undefined);
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request, { cacheName: SHELL_CACHE, ignoreSearch: true });
    if (cached) {
      return cached;
    }
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return; // base-map tiles: the browser's own cache
  }
  if (url.pathname.startsWith('/api/')) {
    if (cacheableApi(url)) {
      event.respondWith(networkFirstData(request));
    }
    return;
  }
  if (url.pathname.startsWith('/admin')) {
    return;
  }
  event.respondWith(networkFirstShell(request));
});
