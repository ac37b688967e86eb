/*
 * Device provisioning. The server shows a new device's secret exactly once: the page displays it
 * with copy buttons and a warning, keeps it only in the page (never in storage), and removes it
 * when the admin confirms or leaves the view.
 */
import { t } from '../i18n.js';
import {
  fill,
  api,
  h,
  field,
  select,
  link,
  say,
  showFormError,
  clearFormErrors,
  formErrorBox,
  copyText,
} from '../core.js';

const KINDS = ['combined', 'people_counter', 'climate'];

export const provisionView = {
  render(ctx) {
    const slot = h('div', {});
    ctx.root.append(h('div', { class: 'view-head' }, h('h2', { text: t('provision.title') })), slot);
    const showForm = () => fill(slot, form(ctx, showCredentials));
    const showCredentials = (device) => fill(slot, credentials(device, showForm));
    showForm();
    // Leaving the view drops the secret from the page.
    ctx.onLeave(() => slot.replaceChildren());
  },
};

function form(ctx, done) {
  const station = h('input', { name: 'station_id', required: true, value: ctx.query.station || '', autocomplete: 'off', spellcheck: 'false' });
  const id = h('input', { name: 'id', autocomplete: 'off', spellcheck: 'false', pattern: '[a-z0-9][a-z0-9-]{0,63}' });
  const kind = select('kind', KINDS, 'deviceKind.', 'combined');
  const interval = h('input', { name: 'expected_interval_s', type: 'number', min: '5', max: '86400', step: '1', value: '60' });
  const submit = h('button', { type: 'submit', class: 'primary', text: t('provision.submit') });
  // Device ids are unique network-wide, so only super admins choose them (a taken id would tell a
  // station admin about another scope's device); station admins' devices get generated ids.
  const choosesId = ctx.session && ctx.session.role === 'super_admin';
  const f = h(
    'form',
    { id: 'provision-form', class: 'card', novalidate: true, autocomplete: 'off' },
    field(t('field.station'), station, t('provision.stationHint')),
    choosesId ? field(t('provision.id'), id, t('provision.idHint')) : null,
    field(t('field.kind'), kind),
    field(t('devices.expectedInterval'), interval, t('config.intervalHint')),
    formErrorBox(),
    h('div', { class: 'actions' }, submit)
  );
  f.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFormErrors(f);
    const body = { station_id: station.value.trim(), kind: kind.value };
    if (choosesId && id.value.trim()) {
      body.id = id.value.trim();
    }
    if (interval.value !== '') {
      body.expected_interval_s = Number(interval.value);
    }
    submit.disabled = true;
    try {
      const device = await api('/devices', { method: 'POST', json: body, signal: ctx.signal });
      say(t('provision.created', { id: device.id }), 'ok');
      done(device);
    } catch (error) {
      showFormError(f, error, t('provision.failed'));
    } finally {
      submit.disabled = false;
    }
  });
  return f;
}

function credentials(device, done) {
  const topic = 'yz/v1/st/' + device.station_id + '/dev/' + device.id + '/telemetry';
  const rows = [
    ['provision.deviceId', device.id, 'cred-id'],
    ['provision.mqttUser', device.mqtt_username || device.id, 'cred-username'],
    ['provision.secret', device.secret || '', 'cred-secret'],
    ['provision.topic', topic, 'cred-topic'],
  ];
  const list = h('div', { class: 'credentials' });
  for (const [key, value, elementId] of rows) {
    const input = h('input', { id: elementId, readOnly: true, value, class: 'mono', spellcheck: 'false', autocomplete: 'off' });
    const copy = h('button', { type: 'button', 'aria-label': t('provision.copyLabel', { what: t(key) }), text: t('common.copy') });
    const result = h('span', { class: 'copy-result', 'aria-live': 'polite' });
    copy.addEventListener('click', async () => {
      result.textContent = (await copyText(value, input)) ? t('common.copied') : t('common.copyFailed');
    });
    list.append(h('div', { class: 'field cred' }, h('label', { for: elementId, text: t(key) }), h('div', { class: 'cred-row' }, input, copy, result)));
  }
  const confirm = h('button', { type: 'button', class: 'primary', id: 'cred-done', text: t('provision.done') });
  confirm.addEventListener('click', () => {
    say(t('provision.cleared'), 'info');
    done();
  });
  return h(
    'section',
    { class: 'card credentials-card', id: 'credentials', 'aria-labelledby': 'cred-title' },
    h('h3', { id: 'cred-title', text: t('provision.credentialsTitle') }),
    h('p', { class: 'warning', role: 'alert', text: t('provision.warning') }),
    list,
    h(
      'div',
      { class: 'actions' },
      confirm,
      link('/devices/' + encodeURIComponent(device.id), { station: device.station_id }, t('provision.openDevice'), { class: 'button' })
    )
  );
}
