/*
 * The worker map's place search: /api/v1/places, and a chosen place lists the stations nearest it.
 */

import { t } from '../i18n.js';
import { els } from './state.js';
import { el } from './format.js';
import { API, fetchJson } from './http.js';
import { choosePosition } from './nearest.js';

export async function search(event) {
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
