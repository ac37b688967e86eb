/*
 * Small helpers of the worker map: elements, status lines that a language switch redraws, and the
 * formatting of distances, walking times, ages, opening states and amenities.
 */

import { t, lang, has } from '../i18n.js';

export const AMENITY_ICON = {
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

export const STATE_COLOUR = {
  open: { fill: '#1a7f37', line: '#0d3f1b' },
  closed: { fill: '#8a8a8a', line: '#3d3d3d' },
  unknown: { fill: '#f0a500', line: '#7a5300' },
};

/** The texts of status lines, kept as keys so a language switch can redraw them. */
const messages = new Map();

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  return node;
}

export function say(target, key, values, isError) {
  messages.set(target, { key: key, values: values, isError: Boolean(isError) });
  target.textContent = key ? t(key, values) : '';
  target.classList.toggle('error', Boolean(isError));
}

export function redrawMessages() {
  for (const [target, m] of messages) {
    target.textContent = m.key ? t(m.key, m.values) : '';
  }
}

export function coordText(value) {
  return String(Number(value.toFixed(6)));
}

export function clamp(value, min, max) {
  return Math.min(max, Math.max(min, value));
}

export function distanceMetres(lat1, lon1, lat2, lon2) {
  const r = 6371008.8;
  const p1 = (lat1 * Math.PI) / 180;
  const p2 = (lat2 * Math.PI) / 180;
  const dp = p2 - p1;
  const dl = ((lon2 - lon1) * Math.PI) / 180;
  const a = Math.sin(dp / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function formatDistance(metres) {
  if (typeof metres !== 'number' || !isFinite(metres)) {
    return '';
  }
  if (metres < 1000) {
    return Math.round(metres) + ' m';
  }
  const km = metres / 1000;
  return (km < 10 ? km.toFixed(1) : String(Math.round(km))) + ' km';
}

/**
 * A walking time: "步行 8 分钟" when the server walked it along streets (source "network"),
 * "约 8 分钟（估算）" for the straight-line estimate (any other source, or none).
 */
export function formatWalk(minutes, source) {
  const suffix = source === 'network' ? '' : '_estimate';
  if (minutes < 60) {
    return t('walk_min' + suffix, { n: minutes });
  }
  return t('walk_h' + suffix, { n: Math.round(minutes / 6) / 10 });
}

/**
 * Walking minutes as the server computes them: its detour factor over the straight line at its
 * walking speed, both from /api/v1/map-config; null when the config does not carry them.
 */
export function walkMinutes(metres, config) {
  const speed = config && config.walking_speed_m_per_min;
  const detour = config && config.walking_detour_factor;
  if (typeof speed !== 'number' || typeof detour !== 'number' || speed <= 0) {
    return null;
  }
  return Math.ceil((metres * detour) / speed);
}

export function formatAge(seconds) {
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

export function formatTime(iso) {
  const when = new Date(iso);
  if (isNaN(when.getTime())) {
    return '';
  }
  const time = TIME_FORMAT.format(when);
  const day = DAY_FORMAT.format(when);
  return day === DAY_FORMAT.format(new Date()) ? time : day + ' ' + time;
}

export function displayName(props) {
  const zh = props.name_zh || props.name_en || props.id;
  if (lang() === 'en' && props.name_en) {
    return props.name_en;
  }
  return zh;
}

export function stateOf(props) {
  return STATE_COLOUR[props.open_state] ? props.open_state : 'unknown';
}

export function stateText(props) {
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

export function amenityIcons(amenities, withText) {
  const box = el('span', 'amenities');
  for (const a of amenities || []) {
    const label = has('a_' + a) ? t('a_' + a) : a;
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

/** A titled section of the station page. */
export function section(titleKey, className) {
  const s = el('section', 'st-section ' + (className || ''));
  s.append(el('h3', 'st-heading', t(titleKey)));
  return s;
}
