/*
 * The admin console shell: log-in, the navigation, the hash router and the language toggle. Each
 * view is a module with render(ctx); the shell gives it a container, the route's parameters and an
 * AbortSignal that fires when the user leaves the view, so late answers never land on another page.
 */
import { t, lang, setLang, applyStatic } from './i18n.js';
import {
  api,
  h,
  field,
  initStatus,
  say,
  clearStatus,
  viewChanged,
  reportError,
  onUnauthorized,
  parseQuery,
  formErrorBox,
  clearFormErrors,
  isAbort,
} from './core.js';
import { fleetView } from './views/fleet.js';
import { deviceListView, deviceDetailView } from './views/devices.js';
import { mapView } from './views/map.js';
import { alertsView } from './views/alerts.js';
import { feedbackView } from './views/feedback.js';
import { stationListView, stationView } from './views/stations.js';
import { provisionView } from './views/provision.js';
import { accountView, auditView } from './views/account.js';
import { thresholdsView } from './views/thresholds.js';
import { planningView } from './views/planning.js';
import { planRunView, planScenarioView } from './views/planning-run.js';
import { planScenariosView, planCompareView } from './views/planning-scenarios.js';
import { planUseView, planStationUseView } from './views/planning-use.js';
import { planReportView } from './views/planning-report.js';
import { storageView } from './views/storage.js';
import { warningsView } from './views/warnings.js';

/** Who may see what: admin views need a super or station admin; audit is for super admins. */
const ADMIN = ['super_admin', 'station_admin'];
const ANY = ['super_admin', 'station_admin', 'planner'];
const SUPER = ['super_admin'];
const PLAN = ['super_admin', 'planner'];

const ROUTES = [
  { path: /^\/fleet$/, view: fleetView, nav: 'fleet', roles: ADMIN },
  { path: /^\/devices$/, view: deviceListView, nav: 'devices', roles: ADMIN },
  { path: /^\/devices\/([^/]+)$/, view: deviceDetailView, nav: 'devices', roles: ADMIN },
  { path: /^\/map$/, view: mapView, nav: 'map', roles: ADMIN },
  { path: /^\/alerts$/, view: alertsView, nav: 'alerts', roles: ADMIN },
  { path: /^\/feedback$/, view: feedbackView, nav: 'feedback', roles: ADMIN },
  { path: /^\/stations$/, view: stationListView, nav: 'stations', roles: ANY },
  { path: /^\/stations\/new$/, view: stationView, nav: 'stations', roles: ADMIN, isNew: true },
  { path: /^\/stations\/([^/]+)$/, view: stationView, nav: 'stations', roles: ANY },
  { path: /^\/provision$/, view: provisionView, nav: 'provision', roles: ADMIN },
  { path: /^\/account$/, view: accountView, nav: 'account', roles: ANY },
  { path: /^\/audit$/, view: auditView, nav: 'audit', roles: SUPER },
  { path: /^\/thresholds$/, view: thresholdsView, nav: 'thresholds', roles: SUPER },
  { path: /^\/storage$/, view: storageView, nav: 'storage', roles: SUPER },
  { path: /^\/warnings$/, view: warningsView, nav: 'warnings', roles: ADMIN },
  { path: /^\/planning$/, view: planningView, nav: 'planning', roles: PLAN },
  { path: /^\/planning\/runs\/([^/]+)$/, view: planRunView, nav: 'planning', roles: PLAN },
  { path: /^\/planning\/scenarios$/, view: planScenariosView, nav: 'planning', roles: PLAN },
  { path: /^\/planning\/scenarios\/([^/]+)$/, view: planScenarioView, nav: 'planning', roles: PLAN },
  { path: /^\/planning\/compare$/, view: planCompareView, nav: 'planning', roles: PLAN },
  { path: /^\/planning\/use$/, view: planUseView, nav: 'planning', roles: PLAN },
  { path: /^\/planning\/use\/([^/]+)$/, view: planStationUseView, nav: 'planning', roles: PLAN },
  { path: /^\/planning\/report\/([^/]+)$/, view: planReportView, nav: 'planning', roles: PLAN },
];

const NAV = [
  ['fleet', ADMIN],
  ['devices', ADMIN],
  ['map', ADMIN],
  ['alerts', ADMIN],
  ['feedback', ADMIN],
  ['warnings', ADMIN],
  ['stations', ANY],
  ['planning', PLAN],
  ['provision', ADMIN],
  ['thresholds', SUPER],
  ['storage', SUPER],
  ['audit', SUPER],
  ['account', ANY],
];

const els = {
  nav: document.getElementById('nav'),
  view: document.getElementById('view'),
  who: document.getElementById('who'),
  logout: document.getElementById('logout'),
  langToggle: document.getElementById('lang-toggle'),
  status: document.getElementById('status'),
};

let session = null;
let current = null; // { controller, cleanups }
let rerender = () => {};

// ------------------------------------------------------------------ views

function leaveView() {
  if (!current) {
    return;
  }
  current.controller.abort();
  for (const fn of current.cleanups) {
    try {
      fn();
    } catch (error) {
      console.error(error);
    }
  }
  current = null;
}

function defaultRoute() {
  return session && ADMIN.includes(session.role) ? '/fleet' : '/stations';
}

function showRoute() {
  if (!session) {
    return;
  }
  const hash = location.hash.replace(/^#/, '');
  const [path, queryText] = hash.split('?');
  let match = null;
  let route = null;
  for (const r of ROUTES) {
    match = r.path.exec(path || '');
    if (match) {
      route = r;
      break;
    }
  }
  if (!route) {
    location.replace('#' + defaultRoute());
    return;
  }
  leaveView();
  viewChanged();
  rerender = showRoute;
  const controller = new AbortController();
  current = { controller, cleanups: [] };
  const state = current;
  markNav(route.nav);
  const root = h('div', { class: 'view-body', 'data-view': route.nav });
  els.view.replaceChildren(root);
  if (!route.roles.includes(session.role)) {
    root.append(h('p', { class: 'notice', text: t('err.role', { role: t('role.' + session.role) }) }));
    return;
  }
  const ctx = {
    root,
    params: match.slice(1).map(decodeURIComponent),
    query: parseQuery(queryText),
    isNew: Boolean(route.isNew),
    signal: controller.signal,
    session,
    onLeave: (fn) => state.cleanups.push(fn),
  };
  try {
    const result = route.view.render(ctx);
    if (result && typeof result.catch === 'function') {
      result.catch((error) => viewFailed(error, root));
    }
  } catch (error) {
    viewFailed(error, root);
  }
}

function viewFailed(error, root) {
  if (isAbort(error)) {
    return;
  }
  console.error(error);
  reportError(error, t('err.view'));
  if (!root.childElementCount) {
    root.append(h('p', { class: 'notice', text: t('err.view') }));
  }
}

function markNav(active) {
  for (const a of els.nav.querySelectorAll('a')) {
    if (a.dataset.nav === active) {
      a.setAttribute('aria-current', 'page');
      showInRow(a);
    } else {
      a.removeAttribute('aria-current');
    }
  }
}

/** On a phone the menu is one row that scrolls sideways: brings the current entry into it. */
function showInRow(a) {
  const row = a.closest('ul');
  if (!row || row.scrollWidth <= row.clientWidth) {
    return;
  }
  const left = a.offsetLeft - row.offsetLeft;
  if (left < row.scrollLeft || left + a.offsetWidth > row.scrollLeft + row.clientWidth) {
    row.scrollLeft = Math.max(0, left - (row.clientWidth - a.offsetWidth) / 2);
  }
}

function buildNav() {
  const list = h('ul', {});
  for (const [key, roles] of NAV) {
    if (session && roles.includes(session.role)) {
      list.append(h('li', {}, h('a', { href: '#/' + key, 'data-nav': key, text: t('nav.' + key) })));
    }
  }
  els.nav.replaceChildren(list);
  els.nav.setAttribute('aria-label', t('nav.label'));
}

// ------------------------------------------------------------------ session

function showApp(me) {
  session = me;
  buildNav();
  els.nav.hidden = false;
  els.logout.hidden = false;
  els.who.textContent = t('session.who', {
    name: me.display_name || me.username,
    role: t('role.' + me.role),
  });
  if (!location.hash || location.hash === '#' || location.hash === '#/login') {
    location.replace('#' + defaultRoute());
  }
  showRoute();
}

function showLogin(message) {
  leaveView();
  session = null;
  els.nav.hidden = true;
  els.logout.hidden = true;
  els.who.textContent = '';
  const username = h('input', {
    name: 'username',
    id: 'login-username',
    autocomplete: 'username',
    autocapitalize: 'none',
    spellcheck: 'false',
    required: true,
  });
  const password = h('input', {
    name: 'password',
    id: 'login-password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const error = h('p', { id: 'login-error', class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'login-submit', text: t('login.submit') });
  const form = h(
    'form',
    { id: 'login-form', class: 'card login', novalidate: true },
    h('h2', { text: t('login.title') }),
    message ? h('p', { class: 'notice', id: 'login-message', text: message }) : null,
    field(t('login.username'), username),
    field(t('login.password'), password),
    error,
    formErrorBox(),
    h('div', { class: 'actions' }, submit)
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    error.hidden = true;
    if (!username.value.trim() || !password.value) {
      error.textContent = t('login.missing');
      error.hidden = false;
      (username.value.trim() ? password : username).focus();
      return;
    }
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const me = await api('/auth/login', {
        method: 'POST',
        json: { username: username.value.trim(), password: password.value },
        auth: false,
      });
      delete me.token; // the HttpOnly cookie carries the session; the token is not kept anywhere
      password.value = '';
      clearStatus();
      showApp(me);
    } catch (err) {
      password.value = '';
      if (err.status === 401) {
        error.textContent = t('login.wrong');
      } else if (err.status === 429) {
        error.textContent = t('login.tooMany', { s: err.retryAfter || 60 });
      } else {
        error.textContent = t('login.failed', { detail: err.message });
      }
      error.hidden = false;
      password.focus();
    } finally {
      submit.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
  els.view.replaceChildren(h('div', { class: 'view-body', 'data-view': 'login' }, form));
  (username.value ? password : username).focus();
  rerender = () => {
    const name = username.value;
    showLogin(message);
    document.getElementById('login-username').value = name;
  };
}

async function logout() {
  try {
    await api('/auth/logout', { method: 'POST', auth: false });
  } catch (error) {
    reportError(error, t('session.logoutFailed'));
  }
  showLogin(t('session.loggedOut'));
}

// ------------------------------------------------------------------ language

function applyLanguage() {
  document.documentElement.lang = lang() === 'en' ? 'en' : 'zh-CN';
  document.title = t('app.title');
  applyStatic(document);
  els.langToggle.textContent = t('lang.other');
  els.langToggle.setAttribute('aria-label', t('lang.switch'));
  els.langToggle.setAttribute('lang', lang() === 'en' ? 'zh-CN' : 'en');
  if (session) {
    buildNav();
    els.who.textContent = t('session.who', {
      name: session.display_name || session.username,
      role: t('role.' + session.role),
    });
  }
}

/** A {@code ?lang=} in the address would undo the toggle on reload: it follows the toggle. */
function followLanguageInAddress() {
  const url = new URL(location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', lang());
    history.replaceState(history.state, '', url);
  }
}

// ------------------------------------------------------------------ start

async function start() {
  window.yizhanAdminStarted = true;
  initStatus(els.status);
  applyLanguage();
  els.langToggle.addEventListener('click', () => {
    setLang(lang() === 'en' ? 'zh' : 'en');
    followLanguageInAddress();
    clearStatus(); // its message is in the other language
    applyLanguage();
    rerender();
  });
  els.logout.addEventListener('click', logout);
  document.querySelector('.skip').addEventListener('click', (event) => {
    event.preventDefault(); // the hash belongs to the router
    els.view.focus();
  });
  onUnauthorized(() => {
    if (session) {
      showLogin(t('login.expired'));
    }
  });
  window.addEventListener('hashchange', showRoute);
  window.addEventListener('unhandledrejection', (event) => {
    if (!isAbort(event.reason)) {
      reportError(event.reason, t('err.unexpected'));
    }
  });
  window.addEventListener('error', (event) => {
    say(t('err.unexpected') + ': ' + (event.message || ''), 'error');
  });
  els.view.replaceChildren(h('p', { class: 'muted', text: t('common.loading') }));
  try {
    showApp(await api('/auth/me', { auth: false }));
  } catch (error) {
    if (error.status === 401) {
      showLogin();
    } else {
      showLogin();
      reportError(error, t('session.checkFailed'));
    }
  }
}

start();
