/*
 * The device table (filtered, sorted and paged by the server, 100 rows a page, so it stays fast
 * with tens of thousands of devices) and one device's page: its facts, its access (disable,
 * re-enable, a new secret shown once) and its configuration editor. One file: the list and the
 * page share the state labels, the filters and the paging helpers above them.
 */
import { t } from '../i18n.js';
import {
  fill,
  api,
  h,
  field,
  select,
  link,
  route,
  reportError,
  say,
  showFormError,
  clearFormErrors,
  formErrorBox,
  fmtAge,
  fmtTime,
  fmtNumber,
  stateBadge,
  isAbort,
  copyText,
} from '../core.js';
import { STATES } from './fleet.js';

const PAGE = 100;
const SORTS = ['id', 'last_seen', 'battery'];
const LOW_BATTERY_PCT = 20;
const SKEW_WARN_S = 120;

export const deviceListView = {
  render(ctx) {
    const q = ctx.query;
    const page = Math.max(0, parseInt(q.page || '0', 10) || 0);
    const form = filterForm(q);
    const summary = h('p', { class: 'muted', id: 'devices-summary', 'aria-live': 'polite', text: t('common.loading') });
    const tableWrap = h('div', { class: 'table-wrap' });
    const pager = h('nav', { class: 'pager', 'aria-label': t('common.pages') });
    ctx.root.append(
      h(
        'div',
        { class: 'view-head' },
        h('h2', { text: t('devices.title') }),
        link('/provision', { station: q.station_id }, t('devices.provisionNew'), { class: 'button' })
      ),
      form,
      summary,
      tableWrap,
      pager
    );
    load();

    async function load() {
      const params = new URLSearchParams({ limit: String(PAGE), offset: String(page * PAGE) });
      for (const key of ['state', 'city', 'district', 'station_id', 'sort']) {
        if (q[key]) {
          params.set(key, q[key]);
        }
      }
      try {
        const data = await api('/devices?' + params, { signal: ctx.signal });
        const devices = data.devices || [];
        const matched = data.numberMatched || 0;
        summary.textContent = matched
          ? t('devices.showing', {
              from: page * PAGE + 1,
              to: page * PAGE + devices.length,
              total: matched,
              time: fmtTime(data.as_of),
            })
          : t('devices.none');
        fill(tableWrap, devices.length ? deviceTable(devices) : h('span'));
        fill(pager, ...pagerLinks(q, page, matched));
      } catch (error) {
        if (!isAbort(error)) {
          summary.textContent = t('devices.loadFailed');
          reportError(error, t('devices.loadFailed'));
        }
      }
    }
  },
};

function filterForm(q) {
  const state = select('state', STATES, 'state.', q.state || '', t('common.all'));
  const sort = select('sort', SORTS, 'sort.', q.sort || 'id');
  const city = h('input', { name: 'city', value: q.city || '', autocomplete: 'off' });
  const district = h('input', { name: 'district', value: q.district || '', autocomplete: 'off' });
  const station = h('input', { name: 'station_id', value: q.station_id || '', autocomplete: 'off', spellcheck: 'false' });
  const form = h(
    'form',
    { class: 'filters', id: 'device-filters', role: 'search', 'aria-label': t('devices.filters') },
    field(t('field.state'), state),
    field(t('field.city'), city),
    field(t('field.district'), district),
    field(t('field.station'), station),
    field(t('devices.sortBy'), sort),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary', text: t('common.apply') }),
      h('a', { href: '#/devices', class: 'button', text: t('common.reset') })
    )
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = route('/devices', {
      state: state.value,
      city: city.value.trim(),
      district: district.value.trim(),
      station_id: station.value.trim(),
      sort: sort.value === 'id' ? '' : sort.value,
    });
  });
  return form;
}

function pagerLinks(q, page, matched) {
  const pages = Math.max(1, Math.ceil(matched / PAGE));
  const to = (p) => route('/devices', Object.assign({}, q, { page: p > 0 ? p : '' }));
  const out = [];
  out.push(
    page > 0
      ? h('a', { class: 'button', href: to(page - 1), rel: 'prev', text: t('common.prev') })
      : h('span', { class: 'button disabled', 'aria-disabled': 'true', text: t('common.prev') })
  );
  out.push(h('span', { class: 'page-no', text: t('common.pageOf', { page: page + 1, pages }) }));
  out.push(
    page + 1 < pages
      ? h('a', { class: 'button', href: to(page + 1), rel: 'next', text: t('common.next') })
      : h('span', { class: 'button disabled', 'aria-disabled': 'true', text: t('common.next') })
  );
  return out;
}

function deviceTable(devices) {
  const head = [
    'field.device',
    'field.station',
    'field.place',
    'field.state',
    'devices.lastSeen',
    'field.battery',
    'field.rssi',
    'devices.clockSkew',
    'devices.quality',
    'field.firmware',
    'devices.connection',
  ];
  return h(
    'table',
    { class: 'data clickable', id: 'device-table' },
    h('caption', { class: 'sr-only', text: t('devices.title') }),
    h('thead', {}, h('tr', {}, head.map((k) => h('th', { scope: 'col', text: t(k) })))),
    h('tbody', {}, devices.map(deviceRow))
  );
}

/** The quality flags of a device's latest reading, each with since when; "ok" when none. */
function qualityFlags(flags) {
  const codes = Object.keys(flags || {});
  if (!codes.length) {
    return h('span', { class: 'muted', text: t('devices.qualityOk') });
  }
  return codes.map((code) =>
    h('span', {
      class: 'badge flag',
      'data-flag': code,
      title: t('flag.since', { time: fmtTime(flags[code]) }),
      text: t('flag.' + code),
    })
  );
}

function deviceRow(d) {
  const detail = route('/devices/' + encodeURIComponent(d.id), { station: d.station_id });
  const row = h(
    'tr',
    { 'data-device-id': d.id, 'data-state': d.state },
    h('td', {}, h('a', { href: detail, text: d.id, class: 'mono' })),
    h('td', {}, link('/stations/' + encodeURIComponent(d.station_id), null, d.station_id, { class: 'mono' })),
    h('td', { text: [d.city, d.district].filter(Boolean).join(' ') }),
    h('td', {}, stateBadge(d.state)),
    h('td', { title: d.last_received_at ? fmtTime(d.last_received_at) : '' , text: lastSeen(d) }),
    h('td', { class: 'num' + (lowBattery(d) ? ' warn' : ''), text: d.battery_pct === null || d.battery_pct === undefined ? '—' : d.battery_pct + '%' }),
    h('td', { class: 'num', text: typeof d.rssi_dbm === 'number' ? d.rssi_dbm + ' dBm' : '—' }),
    h('td', { class: 'num' + (Math.abs(d.clock_skew_s || 0) > SKEW_WARN_S ? ' warn' : ''), text: skew(d.clock_skew_s) }),
    h('td', { class: 'quality' }, qualityFlags(d.quality_flags)),
    h('td', { text: d.firmware || '—' }),
    h('td', { text: d.connection ? t('connection.' + d.connection) : '—' })
  );
  row.addEventListener('click', (event) => {
    if (!event.target.closest('a')) {
      location.hash = detail;
    }
  });
  return row;
}

function lastSeen(d) {
  return typeof d.last_seen_age_s === 'number' ? fmtAge(d.last_seen_age_s) : t('devices.never');
}

function lowBattery(d) {
  return typeof d.battery_pct === 'number' && d.battery_pct <= LOW_BATTERY_PCT;
}

function skew(seconds) {
  if (typeof seconds !== 'number') {
    return '—';
  }
  return (seconds > 0 ? '+' : '') + fmtNumber(seconds, 1) + ' s';
}

// ------------------------------------------------------------------ one device

export const deviceDetailView = {
  render(ctx) {
    const id = ctx.params[0];
    const stationId = ctx.query.station || '';
    const facts = h('div', { id: 'device-facts' });
    const access = h('section', { class: 'card', id: 'device-access', 'aria-labelledby': 'access-title' }, h('h3', { id: 'access-title', text: t('access.title') }));
    const configBox = h('section', { class: 'card', 'aria-labelledby': 'config-title' }, h('h3', { id: 'config-title', text: t('config.title') }));
    ctx.root.append(
      h(
        'div',
        { class: 'view-head' },
        h('h2', {}, t('devices.device') + ' ', h('span', { class: 'mono', text: id })),
        link('/devices', { station_id: stationId }, t('devices.back'), { class: 'button' })
      ),
      facts,
      access,
      configBox
    );
    // A new secret lives only in this page: leaving the view drops it.
    ctx.onLeave(() => access.replaceChildren());
    loadFacts(ctx, id, facts, access);
    loadConfig(ctx, id, configBox);
  },
};

async function loadFacts(ctx, id, box, access) {
  box.append(h('p', { class: 'muted', text: t('common.loading') }));
  const accessSlot = h('div', {});
  access.append(accessSlot);
  try {
    const device = await api('/devices/' + encodeURIComponent(id), { signal: ctx.signal });
    showFacts(box, device);
    fill(accessSlot, accessPanel(ctx, device, (d) => showFacts(box, d)));
  } catch (error) {
    if (!isAbort(error)) {
      fill(box, h('p', { class: 'notice', text: error.status === 404 ? t('devices.notFound') : t('devices.loadFailed') }));
      accessSlot.replaceChildren();
      if (error.status !== 404) {
        reportError(error, t('devices.loadFailed'));
      }
    }
  }
}

function showFacts(box, d) {
  const rows = [
    ['field.station', link('/stations/' + encodeURIComponent(d.station_id), null, d.station_id)],
    ['field.place', [d.city, d.district].filter(Boolean).join(' ') || t('common.unknown')],
    ['field.kind', t('deviceKind.' + d.kind)],
    ['field.state', stateBadge(d.state)],
    ['devices.lastSeen', lastSeen(d)],
    ['devices.lastReading', d.last_reading_at ? fmtTime(d.last_reading_at) : '—'],
    ['devices.expectedInterval', t('unit.seconds', { n: d.expected_interval_s })],
    ['field.battery', typeof d.battery_pct === 'number' ? d.battery_pct + '%' : '—'],
    ['field.rssi', typeof d.rssi_dbm === 'number' ? d.rssi_dbm + ' dBm' : '—'],
    ['devices.clockSkew', skew(d.clock_skew_s)],
    ['field.firmware', d.firmware || '—'],
    ['devices.connection', d.connection ? t('connection.' + d.connection) + (d.connection_since ? ' · ' + fmtTime(d.connection_since) : '') : '—'],
    ['devices.enabled', d.enabled ? t('common.yes') : t('common.no') + (d.disabled_at ? ' · ' + fmtTime(d.disabled_at) : '')],
  ];
  if (d.station_open === false) {
    rows.push(['access.station', t('access.stationClosed')]);
  }
  fill(box, h('dl', { class: 'facts', id: 'device-facts-list', 'data-enabled': String(d.enabled) }, rows.map(([k, v]) => [h('dt', { text: t(k) }), h('dd', {}, v)])));
}

/** Disable or re-enable, and a new secret: each confirmed, each answered with the device. */
function accessPanel(ctx, device, show) {
  const id = device.id;
  const disable = h('button', { type: 'button', id: 'device-disable', text: t('access.disable') });
  const enable = h('button', { type: 'button', id: 'device-enable', text: t('access.enable') });
  // Only the switch that applies is offered.
  const refresh = (d) => {
    show(d);
    disable.hidden = !d.enabled;
    enable.hidden = Boolean(d.enabled);
  };
  refresh(device);
  const rotate = h('button', { type: 'button', id: 'device-rotate', class: 'danger', text: t('access.rotate') });
  const secretSlot = h('div', {});
  const run = async (button, path, confirmKey, done) => {
    if (confirmKey && !window.confirm(t(confirmKey, { id }))) {
      return;
    }
    button.disabled = true;
    try {
      const d = await api('/devices/' + encodeURIComponent(id) + path, { method: 'POST', signal: ctx.signal });
      refresh(d);
      done(d);
    } catch (error) {
      reportError(error, t('access.failed'));
    } finally {
      button.disabled = false;
    }
  };
  disable.addEventListener('click', () => run(disable, '/disable', 'access.confirmDisable', () => say(t('access.disabled', { id }), 'ok')));
  enable.addEventListener('click', () => run(enable, '/enable', null, () => say(t('access.enabled', { id }), 'ok')));
  rotate.addEventListener('click', () =>
    run(rotate, '/rotate-secret', 'access.confirmRotate', (d) => {
      say(t('access.rotated', { id }), 'ok');
      fill(secretSlot, secretCard(d.secret, () => secretSlot.replaceChildren()));
    })
  );
  return h('div', {}, h('p', { class: 'muted', text: t('access.hint') }), h('div', { class: 'actions' }, disable, enable, rotate), secretSlot);
}

/** The new secret, shown this once with a copy button, removed when the admin confirms. */
function secretCard(secret, done) {
  const input = h('input', { id: 'new-secret', readOnly: true, value: secret || '', class: 'mono', spellcheck: 'false', autocomplete: 'off' });
  const copy = h('button', { type: 'button', 'aria-label': t('provision.copyLabel', { what: t('provision.secret') }), text: t('common.copy') });
  const result = h('span', { class: 'copy-result', 'aria-live': 'polite' });
  copy.addEventListener('click', async () => {
    result.textContent = (await copyText(secret, input)) ? t('common.copied') : t('common.copyFailed');
  });
  const confirm = h('button', { type: 'button', class: 'primary', id: 'new-secret-done', text: t('provision.done') });
  confirm.addEventListener('click', () => {
    say(t('provision.cleared'), 'info');
    done();
  });
  return h(
    'div',
    { class: 'credentials-card', id: 'new-secret-card' },
    h('p', { class: 'warning', role: 'alert', text: t('access.secretWarning') }),
    h('div', { class: 'field cred' }, h('label', { for: 'new-secret', text: t('provision.secret') }), h('div', { class: 'cred-row' }, input, copy, result)),
    h('div', { class: 'actions' }, confirm)
  );
}

async function loadConfig(ctx, id, box) {
  const slot = h('div', {}, h('p', { class: 'muted', text: t('common.loading') }));
  box.append(slot);
  try {
    const data = await api('/devices/' + encodeURIComponent(id) + '/config', { signal: ctx.signal });
    fill(slot, configForm(ctx, id, data.config || {}));
  } catch (error) {
    if (!isAbort(error)) {
      fill(slot, h('p', { class: 'notice', text: t('config.loadFailed') }));
      reportError(error, t('config.loadFailed'));
    }
  }
}

function configForm(ctx, id, config) {
  const version = h('p', { class: 'muted', id: 'config-version', text: t('config.version', { v: config.version }) });
  const interval = h('input', { name: 'interval_s', type: 'number', min: '5', max: '86400', step: '1', required: true, value: config.interval_s });
  const report = select('occupancy_report', ['periodic', 'on_change'], 'report.', config.occupancy_report || 'periodic');
  const high = h('input', { name: 'temperature_high_c', type: 'number', min: '-40', max: '85', step: '0.1', value: numberOrEmpty(config.temperature_high_c) });
  const low = h('input', { name: 'temperature_low_c', type: 'number', min: '-40', max: '85', step: '0.1', value: numberOrEmpty(config.temperature_low_c) });
  const save = h('button', { type: 'submit', class: 'primary', text: t('common.save') });
  const result = h('p', { class: 'ok-text', 'aria-live': 'polite' });
  const form = h(
    'form',
    { id: 'config-form', novalidate: true },
    version,
    field(t('config.interval'), interval, t('config.intervalHint')),
    field(t('config.report'), report),
    field(t('config.high'), high, t('config.thresholdHint')),
    field(t('config.low'), low, t('config.thresholdHint')),
    formErrorBox(),
    h('div', { class: 'actions' }, save),
    result
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    result.textContent = '';
    const body = {
      interval_s: Number(interval.value),
      occupancy_report: report.value,
    };
    if (high.value !== '') {
      body.temperature_high_c = Number(high.value);
    }
    if (low.value !== '') {
      body.temperature_low_c = Number(low.value);
    }
    save.disabled = true;
    try {
      const data = await api('/devices/' + encodeURIComponent(id) + '/config', { method: 'PUT', json: body, signal: ctx.signal });
      const c = data.config || {};
      version.textContent = t('config.version', { v: c.version });
      result.textContent = t('config.saved', { v: c.version, delivery: t('delivery.' + data.delivery) });
      say(result.textContent, 'ok');
    } catch (error) {
      showFormError(form, error, t('config.saveFailed'));
    } finally {
      save.disabled = false;
    }
  });
  return form;
}

function numberOrEmpty(v) {
  return typeof v === 'number' ? String(v) : '';
}
