/*
 * Super admins' account management on the account page: every account with its area, the area
 * entries that cover no station marked, and a new account whose area is chosen from the cities
 * and districts the stations name (GET /accounts/scope-places), never typed.
 */
import { t } from '../i18n.js';
import { api, h, fill, field, select, showFormError, clearFormErrors, formErrorBox, isAbort, reportError, say } from '../core.js';

export function accountsSection(ctx) {
  const list = h('div', { class: 'table-wrap', id: 'accounts-list' }, h('p', { class: 'muted', text: t('common.loading') }));
  const form = h('form', { class: 'card', id: 'account-form', novalidate: true }, h('p', { class: 'muted', text: t('common.loading') }));
  const load = async () => {
    try {
      const [data, places] = await Promise.all([
        api('/accounts', { signal: ctx.signal }),
        api('/accounts/scope-places', { signal: ctx.signal }),
      ]);
      fill(list, accountsTable(data.accounts || []));
      buildForm(form, places.cities || [], ctx, load);
    } catch (error) {
      if (!isAbort(error)) {
        fill(list, h('p', { class: 'notice', text: t('accounts.loadFailed') }));
        reportError(error, t('accounts.loadFailed'));
      }
    }
  };
  load();
  return h('section', { class: 'accounts', 'aria-labelledby': 'accounts-title' },
    h('h3', { id: 'accounts-title', text: t('accounts.title') }), list, form);
}

function scopeText(a) {
  if (a.role === 'super_admin') {
    return t('account.everything');
  }
  const s = a.scope || {};
  const parts = [
    ...(s.cities || []).map((c) => t('account.city', { name: c })),
    ...(s.districts || []).map((d) => t('account.district', { name: d })),
    ...(s.stations || []).map((id) => t('account.station', { name: id })),
  ];
  return parts.join('、') || t('common.none');
}

function accountsTable(accounts) {
  return h('table', { class: 'data', id: 'accounts-table' },
    h('thead', {}, h('tr', {},
      ['account.username', 'account.role', 'account.scope'].map((k) => h('th', { scope: 'col', text: t(k) })))),
    h('tbody', {}, accounts.map((a) => {
      const warnings = a.scope_warnings || [];
      return h('tr', { 'data-username': a.username, 'data-warned': warnings.length ? 'true' : null },
        h('td', { class: 'mono', text: a.username }),
        h('td', { text: t('role.' + a.role) }),
        h('td', {},
          scopeText(a),
          warnings.length
            ? h('ul', { class: 'scope-warnings' }, warnings.map((w) =>
                h('li', { class: 'notice', text: t('accounts.deadScope', { name: w.value }) })))
            : null));
    })));
}

function buildForm(form, cities, ctx, reload) {
  const username = h('input', { name: 'username', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', required: true });
  const display = h('input', { name: 'display_name', autocomplete: 'off' });
  const role = select('role', ['station_admin', 'planner', 'super_admin'], 'role.', 'station_admin');
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true, minlength: '10' });
  const stations = h('input', { name: 'scope.stations', autocomplete: 'off', spellcheck: 'false' });
  const places = h('fieldset', { class: 'scope-places', name: 'scope' },
    h('legend', { text: t('accounts.places') }),
    cities.length ? null : h('p', { class: 'muted', text: t('accounts.noPlaces') }),
    cities.map((c) => h('details', { class: 'scope-city' },
      h('summary', { text: c.city + ' (' + c.districts.length + ')' }),
      check('cities', c.city, t('accounts.wholeCity', { name: c.city })),
      c.districts.map((d) => check('districts', c.city + '/' + d, d)))));
  const submit = h('button', { type: 'submit', class: 'primary', text: t('accounts.create') });
  fill(form,
    h('h3', { text: t('accounts.new') }),
    field(t('account.username'), username),
    field(t('account.displayName'), display),
    field(t('account.role'), role),
    field(t('accounts.password'), password, t('account.newHint')),
    places,
    field(t('accounts.stations'), stations, t('accounts.stationsHint')),
    formErrorBox(),
    h('div', { class: 'actions' }, submit));
  form.onsubmit = async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    const picked = (kind) => [...form.querySelectorAll('input[data-scope="' + kind + '"]:checked')].map((i) => i.value);
    const body = { username: username.value.trim(), role: role.value, password: password.value };
    if (display.value.trim()) {
      body.display_name = display.value.trim();
    }
    if (role.value === 'station_admin') {
      body.scope = {
        cities: picked('cities'),
        districts: picked('districts'),
        stations: stations.value.split(/[\s,，、]+/).filter(Boolean),
      };
    }
    submit.disabled = true;
    try {
      await api('/accounts', { method: 'POST', json: body, signal: ctx.signal });
      say(t('accounts.created', { name: body.username }), 'ok');
      reload();
    } catch (error) {
      showFormError(form, error, t('accounts.failed'));
    } finally {
      submit.disabled = false;
    }
  };
}

function check(kind, value, label) {
  return h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'scope.' + kind, 'data-scope': kind, value }), ' ', label);
}
