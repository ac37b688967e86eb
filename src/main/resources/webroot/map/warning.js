/*
 * The heat or cold warning of the worker's city, as a banner at the top of the page: kind, level
 * (in its warning colour), the period and what the list does about it. The warning comes from
 * /api/v1/warnings for the point the nearest list was asked for (the server finds the city and
 * also leads the list with the stations that suit the warning; their order is the server's). The
 * banner is a polite status region; each suitable station in the list gets a marker line.
 */

import { t, lang } from '../i18n.js';
import { els, state } from './state.js';
import { el } from './format.js';
import { API, fetchJson } from './http.js';

/* Warning colours with text at 4.5:1 or better on each. */
const COLOURS = {
  blue: ['#0d47a1', '#fff'],
  yellow: ['#ffd600', '#111'],
  orange: ['#ff9800', '#111'],
  red: ['#b71c1c', '#fff'],
};

let banner = null;
let shown = null; // the warning shown, or null
let asked = '';

function ensureBanner() {
  if (!banner) {
    banner = el('div', 'warning-banner');
    banner.id = 'warning-banner';
    banner.setAttribute('role', 'status');
    banner.setAttribute('aria-live', 'polite');
    banner.hidden = true;
    Object.assign(banner.style, {
      padding: '10px 14px',
      fontSize: '17px',
      fontWeight: '600',
      lineHeight: '1.4',
      borderBottom: '2px solid #111',
    });
    const top = document.querySelector('.topbar');
    if (top && top.parentNode) {
      top.parentNode.insertBefore(banner, top.nextSibling);
    } else {
      document.body.prepend(banner);
    }
  }
  return banner;
}

function two(n) {
  return (n < 10 ? '0' : '') + n;
}

function clock(d) {
  return two(d.getHours()) + ':' + two(d.getMinutes());
}

function sameDay(a, b) {
  return (
    a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate()
  );
}

function day(d) {
  const today = new Date();
  if (sameDay(d, today)) {
    return t('warn_today');
  }
  return lang() === 'en' ? d.getDate() + '/' + (d.getMonth() + 1) : d.getMonth() + 1 + '月' + d.getDate() + '日';
}

/** "今天 12:00–18:00", or "7月10日 12:00 – 7月12日 18:00" across days. */
function period(w) {
  const from = new Date(w.from);
  const until = new Date(w.until);
  if (sameDay(from, until)) {
    return day(from) + ' ' + clock(from) + '–' + clock(until);
  }
  return day(from) + ' ' + clock(from) + ' – ' + day(until) + ' ' + clock(until);
}

function render() {
  const b = ensureBanner();
  if (!shown) {
    b.hidden = true;
    b.textContent = '';
    document.body.removeAttribute('data-warning');
    return;
  }
  const colours = COLOURS[shown.level] || COLOURS.orange;
  b.style.background = colours[0];
  b.style.color = colours[1];
  b.setAttribute('data-kind', shown.kind);
  b.setAttribute('data-level', shown.level);
  b.textContent = t('warn_banner', {
    warning: t('warn_' + shown.kind + '_' + shown.level),
    period: period(shown),
    advice: t('warn_advice_' + shown.kind),
  });
  b.hidden = false;
  document.body.setAttribute('data-warning', shown.kind);
  markSuitable();
}

/** A line on each station of the list that suits the warning (the server marks them). */
function markSuitable() {
  if (!shown) {
    return;
  }
  for (const f of state.nearest) {
    if (!f.properties.suits_warning) {
      continue;
    }
    const item = els.nearest.querySelector(
      'li[data-station-id="' + CSS.escape(f.properties.id) + '"] .item-link'
    );
    if (item && !item.querySelector('.suits-warning')) {
      const line = el('span', 'item-line suits-warning', t('warn_suits_' + shown.kind));
      line.style.fontWeight = '600';
      line.style.color = '#0d6b2c';
      item.append(line);
    }
  }
}

async function refresh() {
  const o = state.origin;
  if (!o) {
    return;
  }
  const key = o.lat + ',' + o.lon;
  if (key === asked) {
    markSuitable();
    return;
  }
  asked = key;
  try {
    const answer = await fetchJson(API + '/warnings?lat=' + o.lat + '&lon=' + o.lon);
    const list = Array.isArray(answer.data.warnings) ? answer.data.warnings : [];
    shown = list.length ? list[0] : null;
  } catch (e) {
    asked = ''; // asked again with the next list
    return;
  }
  render();
}

/** Follows the nearest list: each new list (a new point, a filter, a language) updates the banner. */
export function startWarnings() {
  ensureBanner();
  new MutationObserver(() => {
    refresh();
    if (shown) {
      render();
    }
  }).observe(els.nearest, { childList: true, attributes: true });
  refresh();
}
