/*
 * Shared pieces of the admin console: the API client (problem+json errors become ApiError), a
 * small DOM builder, the status area, form error display and formatting of times, ages and values.
 * Text from the server is only ever inserted as text (textContent), never as HTML.
 * Over 300 lines: every view imports these pieces; split further, each view would import from
 * several small files that change together.
 */
import { t, locale, lang } from './i18n.js';

const API = '/api/v1';

/** The stations are in China, which has no daylight saving time: local time is UTC+8 all year. */
export const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/** A failed API call: the HTTP status (0 when the server could not be reached) and the problem. */
export class ApiError extends Error {
  constructor(status, problem, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.detail = problem && typeof problem.detail === 'string' ? problem.detail : '';
    this.errors = problem && Array.isArray(problem.errors) ? problem.errors : [];
    this.retryAfter = null;
    this.handled = false;
  }
}

let unauthorizedHandler = null;

/** Called when the session has ended (any 401 outside logging in); shows the login form. */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

/**
 * Calls the admin API with the session cookie. Returns the parsed body, or with {@code full} an
 * object {data, headers, status}. Throws ApiError for any non-2xx answer, AbortError when aborted.
 */
export async function api(path, options = {}) {
  const { method = 'GET', json, body, headers = {}, signal, full = false, auth = true } = options;
  const init = {
    method,
    signal,
    credentials: 'same-origin',
    cache: 'no-store',
    headers: Object.assign(
      // Texts the server writes (alert details, conditions) come back in the console's language.
      {
        Accept: 'application/json, application/geo+json, application/problem+json',
        'Accept-Language': lang() === 'en' ? 'en' : 'zh-CN',
      },
      headers
    ),
  };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    if (!init.headers['Content-Type']) {
      init.headers['Content-Type'] = 'application/json';
    }
  } else if (body !== undefined) {
    init.body = body;
  }
  let response;
  try {
    response = await fetch(API + path, init);
  } catch (error) {
    if (isAbort(error)) {
      throw error;
    }
    throw new ApiError(0, null, t('err.network'));
  }
  if (!response.ok) {
    const error = await problemOf(response);
    if (error.status === 401 && auth && unauthorizedHandler) {
      error.handled = true;
      unauthorizedHandler(error);
    }
    throw error;
  }
  let data = null;
  if (response.status !== 204) {
    const text = await response.text();
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (e) {
        throw new ApiError(response.status, null, t('err.badAnswer'));
      }
    }
  }
  return full ? { data, headers: response.headers, status: response.status } : data;
}

async function problemOf(response) {
  let problem = null;
  try {
    problem = await response.json();
  } catch (ignored) {
    // not JSON (a proxy's error page, say): the status line is all there is
  }
  const detail = problem && typeof problem.detail === 'string' ? problem.detail : '';
  const error = new ApiError(
    response.status,
    problem,
    detail || t('err.http', { status: response.status })
  );
  const retry = Number(response.headers.get('Retry-After'));
  error.retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
  return error;
}

export function isAbort(error) {
  return Boolean(error) && error.name === 'AbortError';
}

// ------------------------------------------------------------------ DOM

/**
 * Creates an element. {@code attrs}: {@code class}, {@code text}, {@code on<event>} listeners,
 * boolean properties (hidden, disabled, checked, required, selected, readOnly), {@code value},
 * anything else as an attribute (null and false are left out). Children: nodes, strings, arrays.
 */
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'class') {
      node.className = value;
    } else if (key === 'text') {
      node.textContent = String(value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else if (['hidden', 'disabled', 'checked', 'required', 'selected', 'readOnly'].includes(key)) {
      node[key] = Boolean(value);
    } else if (key === 'value') {
      node.value = String(value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

/** Replaces a node's children; like h(), skips null and false and flattens arrays. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(node, child);
    } else if (child instanceof Node) {
      node.append(child);
    } else {
      node.append(document.createTextNode(String(child)));
    }
  }
}

let idCounter = 0;

/** A unique element id, for label/control pairs. */
export function uid(prefix) {
  idCounter += 1;
  return (prefix || 'f') + '-' + idCounter;
}

/** A labelled form field: label, control, hint and a slot for its error. */
export function field(labelText, control, hint) {
  if (!control.id) {
    control.id = uid(control.name || 'field');
  }
  const wrap = h('div', { class: 'field', 'data-field': control.name || '' });
  wrap.append(h('label', { for: control.id, text: labelText }), control);
  if (hint) {
    const hintId = control.id + '-hint';
    wrap.append(h('small', { class: 'hint', id: hintId, text: hint }));
    control.setAttribute('aria-describedby', hintId);
  }
  return wrap;
}

/** A select of codes, each labelled through the dictionary with {@code prefix + code}. */
export function select(name, codes, prefix, current, emptyLabel) {
  const s = h('select', { name });
  if (emptyLabel !== undefined) {
    s.append(h('option', { value: '', text: emptyLabel }));
  }
  for (const code of codes) {
    s.append(h('option', { value: code, text: t(prefix + code), selected: code === current }));
  }
  if (current !== undefined && current !== null) {
    s.value = current;
  }
  return s;
}

export function badge(kind, code, label) {
  return h('span', { class: 'badge ' + kind + '-' + code, 'data-code': code, text: label });
}

export function stateBadge(state) {
  return badge('state', state, t('state.' + state));
}

// ------------------------------------------------------------------ status area

let statusEl = null;
let keepOnce = false;

export function initStatus(element) {
  statusEl = element;
}

/**
 * Shows a message in the status area; kind is info, ok or error. With {@code keep} the message
 * survives the next change of view (for a message about an action that then navigates).
 */
export function say(text, kind, keep) {
  if (!statusEl) {
    return;
  }
  keepOnce = Boolean(keep);
  statusEl.replaceChildren(h('span', { class: 'status-text', text }));
  const close = h('button', {
    type: 'button',
    class: 'status-close',
    'aria-label': t('common.dismiss'),
    text: '×',
    onclick: clearStatus,
  });
  statusEl.append(close);
  statusEl.className = 'status status-' + (kind || 'info');
  statusEl.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  statusEl.hidden = false;
}

/** A new view: messages about the last one go, unless kept for this change. */
export function viewChanged() {
  if (keepOnce) {
    keepOnce = false;
  } else {
    clearStatus();
  }
}

export function clearStatus() {
  if (statusEl) {
    statusEl.hidden = true;
    statusEl.replaceChildren();
  }
}

/** Shows an error in the status area, prefixed by what failed; field errors listed below. */
export function reportError(error, what) {
  if (isAbort(error) || (error && error.handled)) {
    return;
  }
  const message = error && error.message ? error.message : String(error);
  say((what ? what + ': ' : '') + message, 'error');
  if (error && Array.isArray(error.errors) && error.errors.length && statusEl) {
    const list = h('ul', { class: 'status-errors' });
    for (const e of error.errors) {
      list.append(h('li', { text: fieldErrorText(e) }));
    }
    statusEl.insertBefore(list, statusEl.lastChild);
  }
}

function fieldErrorText(e) {
  const where = e.row !== undefined && e.row !== null ? t('err.row', { row: e.row }) + ' ' : '';
  return where + (e.field || '?') + ': ' + (e.reason || '');
}

/**
 * Shows a failed submission on its form: the problem's detail in the form's error box, each field
 * error next to its control ({@code aliases} maps server field names to control names), and those
 * without a control in the box. Also reported in the status area.
 */
export function showFormError(form, error, what, aliases) {
  clearFormErrors(form);
  if (isAbort(error) || error.handled) {
    return;
  }
  const box = form.querySelector('.form-errors');
  const unplaced = [];
  for (const e of error.errors || []) {
    const names = (aliases && aliases[e.field]) || [e.field, String(e.field || '').replace(/^properties\./, '')];
    const control = names.map((n) => form.querySelector('[name="' + cssName(n) + '"]')).find(Boolean);
    const wrap = control && control.closest('.field, fieldset');
    if (control && wrap) {
      control.setAttribute('aria-invalid', 'true');
      const msg = h('small', { class: 'field-error', text: e.reason || '' });
      wrap.append(msg);
    } else {
      unplaced.push(e);
    }
  }
  if (box) {
    box.append(h('p', { text: (what ? what + ': ' : '') + error.message }));
    if (unplaced.length) {
      box.append(h('ul', {}, unplaced.map((e) => h('li', { text: fieldErrorText(e) }))));
    }
    box.hidden = false;
  }
  reportError(error, what);
}

export function clearFormErrors(form) {
  for (const node of form.querySelectorAll('.field-error')) {
    node.remove();
  }
  for (const node of form.querySelectorAll('[aria-invalid]')) {
    node.removeAttribute('aria-invalid');
  }
  const box = form.querySelector('.form-errors');
  if (box) {
    box.replaceChildren();
    box.hidden = true;
  }
}

function cssName(name) {
  return String(name).replace(/["\\]/g, '');
}

export function formErrorBox() {
  return h('div', { class: 'form-errors', role: 'alert', hidden: true });
}

// ------------------------------------------------------------------ formatting

function dateFormat(options) {
  return new Intl.DateTimeFormat(locale(), Object.assign({ timeZone: 'Asia/Shanghai' }, options));
}

/** A date and time in China time, e.g. 2026/11/02 14:05. */
export function fmtTime(iso) {
  if (!iso) {
    return '';
  }
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) {
    return String(iso);
  }
  return dateFormat({
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(when);
}

export function fmtClock(ms) {
  return dateFormat({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
}

export function fmtDay(ms) {
  return dateFormat({ month: 'numeric', day: 'numeric' }).format(new Date(ms));
}

/** How long ago, from a number of seconds: "3 分钟前" / "3 min ago". */
export function fmtAge(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
    return '';
  }
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) {
    return t('age.s', { n: s });
  }
  if (s < 3600) {
    return t('age.min', { n: Math.round(s / 60) });
  }
  if (s < 86400) {
    return t('age.h', { n: Math.round(s / 3600) });
  }
  return t('age.d', { n: Math.round(s / 86400) });
}

/** How long ago an RFC 3339 time was, as {@link fmtAge}. */
export function ageOf(iso) {
  const when = new Date(iso).getTime();
  return Number.isNaN(when) ? '' : fmtAge((Date.now() - when) / 1000);
}

export function fmtNumber(n, digits) {
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    return '';
  }
  return new Intl.NumberFormat(locale(), {
    maximumFractionDigits: digits === undefined ? 0 : digits,
  }).format(n);
}

/** A time element showing the age, with the exact time as its tooltip. */
export function timeAgo(iso) {
  if (!iso) {
    return h('span', { class: 'muted', text: '—' });
  }
  return h('time', { datetime: iso, title: fmtTime(iso), text: ageOf(iso) });
}

/** The station's display name in the current language. */
export function stationName(props, lang) {
  if (!props) {
    return '';
  }
  if (lang === 'en' && props.name_en) {
    return props.name_en;
  }
  return props.name_zh || props.name_en || props.id || '';
}

// ------------------------------------------------------------------ hash routes

/** The query part of a route as an object. */
export function parseQuery(text) {
  const out = {};
  for (const [k, v] of new URLSearchParams(text || '')) {
    out[k] = v;
  }
  return out;
}

/** A route with its query, empty values left out: route('/devices', {state: 'late'}). */
export function route(path, query) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') {
      params.set(k, String(v));
    }
  }
  const q = params.toString();
  return '#' + path + (q ? '?' + q : '');
}

export function link(path, query, text, attrs) {
  return h('a', Object.assign({ href: route(path, query), text }, attrs || {}));
}

/** Copies text to the clipboard; false when the browser refuses (the text stays selectable). */
export async function copyText(text, fallbackInput) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch (ignored) {
    // fall back to selecting the text
  }
  if (fallbackInput) {
    fallbackInput.focus();
    fallbackInput.select();
    try {
      return document.execCommand('copy');
    } catch (ignored) {
      return false;
    }
  }
  return false;
}
