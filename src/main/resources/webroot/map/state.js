/*
 * The worker map's shared state: the page's elements and what the worker has chosen and been
 * shown. Every module that reads or changes it imports it from here (window.yizhanMap, the
 * Leaflet map, is there only for the browser tests and the bench).
 */

const $ = (id) => document.getElementById(id);
export const els = {
  status: $('status'),
  tileNote: $('tile-note'),
  netNote: $('net-note'),
  nearMe: $('near-me'),
  nearestStatus: $('nearest-status'),
  nearest: $('nearest'),
  nearestOrder: $('nearest-order'),
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

export const state = {
  filters: { open_now: false, open_24h: false, free_seats: false, amenities: [], kind: '' },
  origin: null, // {lat, lon, source: 'gps' | 'map' | 'place' | 'saved', label, savedAt}
  nearest: [], // GeoJSON features of the nearest list
  stationId: null,
  station: null, // {feature, navigation, profile}
  gcj: false,
  firstUseful: false,
};
