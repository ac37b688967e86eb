/*
 * The alert inbox: open alerts, those nobody has acknowledged first, then by severity and age,
 * each with an Acknowledge button; and a tab with the resolved history.
 */
import { t } from '../i18n.js';
import { fill, api, h, link, reportError, say, fmtTime, timeAgo, badge, isAbort } from '../core.js';

const LIMIT = 500;
const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 };

export const alertsView = {
  render(ctx) {
    const status = ctx.query.status === 'resolved' ? 'resolved' : 'open';
    const summary = h('p', { class: 'muted', id: 'alerts-summary', 'aria-live': 'polite', text: t('common.loading') });
    const list = h('div', { class: 'table-wrap', id: 'alert-list' });
    const refresh = h('button', { type: 'button', text: t('common.refresh') });
    ctx.root.append(
      h('div', { class: 'view-head' }, h('h2', { text: t('alerts.title') }), refresh),
      tabs(status),
      summary,
      list
    );
    refresh.addEventListener('click', load);
    load();

    async function load() {
      refresh.disabled = true;
      try {
        const data = await api('/alerts?status=' + status + '&limit=' + LIMIT, { signal: ctx.signal });
        const alerts = data.alerts || [];
        if (status === 'open') {
          alerts.sort(openOrder);
          const unacked = alerts.filter((a) => !a.acknowledged_at).length;
          summary.textContent = alerts.length ? t('alerts.openCount', { n: alerts.length, unacked }) : t('alerts.noneOpen');
        } else {
          summary.textContent = alerts.length ? t('alerts.resolvedCount', { n: alerts.length }) : t('alerts.noneResolved');
        }
        fill(list, alerts.length ? table(alerts, status, ctx, load) : h('span'));
      } catch (error) {
        if (!isAbort(error)) {
          summary.textContent = t('alerts.loadFailed');
          reportError(error, t('alerts.loadFailed'));
        }
      } finally {
        refresh.disabled = false;
      }
    }
  },
};

function tabs(active) {
  const tab = (status, key) =>
    h('a', {
      href: status === 'open' ? '#/alerts' : '#/alerts?status=' + status,
      class: 'tab',
      'data-tab': status,
      'aria-current': status === active ? 'page' : null,
      text: t(key),
    });
  return h('nav', { class: 'tabs', 'aria-label': t('alerts.tabs') }, tab('open', 'alerts.open'), tab('resolved', 'alerts.resolved'));
}

/** Unacknowledged first, then the most severe, then the newest. */
function openOrder(a, b) {
  const ack = (a.acknowledged_at ? 1 : 0) - (b.acknowledged_at ? 1 : 0);
  if (ack) {
    return ack;
  }
  const sev = rank(a.severity) - rank(b.severity);
  if (sev) {
    return sev;
  }
  return String(b.opened_at).localeCompare(String(a.opened_at));
}

function rank(severity) {
  return severity in SEVERITY_RANK ? SEVERITY_RANK[severity] : 3;
}

function table(alerts, status, ctx, reload) {
  const cols = ['alerts.severity', 'alerts.kind', 'field.station', 'field.device', 'alerts.opened', 'alerts.detail'];
  if (status === 'resolved') {
    cols.push('alerts.resolvedAt');
  }
  cols.push('alerts.acknowledgement');
  return h(
    'table',
    { class: 'data', id: 'alert-table' },
    h('caption', { class: 'sr-only', text: t('alerts.title') }),
    h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col', text: t(k) })))),
    h('tbody', {}, alerts.map((a) => row(a, status, ctx, reload)))
  );
}

/** Whether the webhook targets were told: fetched when the admin opens it. */
function deliveries(alert, ctx) {
  const body = h('div', { class: 'deliveries' });
  const box = h('details', { 'data-deliveries-of': String(alert.id) }, h('summary', { text: t('alerts.deliveries') }), body);
  let loaded = false;
  box.addEventListener('toggle', async () => {
    if (!box.open || loaded) {
      return;
    }
    loaded = true;
    fill(body, h('p', { class: 'muted', text: t('common.loading') }));
    try {
      const data = await api('/alerts/' + encodeURIComponent(alert.id) + '/deliveries', { signal: ctx.signal });
      const list = data.deliveries || [];
      fill(
        body,
        list.length
          ? h(
              'ul',
              {},
              list.map((d) =>
                h('li', { 'data-status': d.status },
                  t('alerts.delivery', {
                    target: d.target,
                    event: t('alerts.event.' + d.event),
                    status: t('alerts.deliveryStatus.' + d.status),
                    attempts: d.attempts,
                    time: fmtTime(d.finished_at),
                  }),
                  d.last_error ? h('span', { class: 'muted', text: ' (' + d.last_error + ')' }) : null)
              )
            )
          : h('p', { class: 'muted', text: t('alerts.noDeliveries') })
      );
    } catch (error) {
      loaded = false;
      if (!isAbort(error)) {
        fill(body, h('p', { class: 'notice', text: t('alerts.deliveriesFailed') }));
      }
    }
  });
  return box;
}

/** A kind's name; one with a subject after a colon (maintenance_late:retention) names it too. */
function kindLabel(kind) {
  const colon = kind.indexOf(':');
  if (colon > 0) {
    return t('alertKind.withSubject', { kind: t('alertKind.' + kind.slice(0, colon)), subject: kind.slice(colon + 1) });
  }
  return t('alertKind.' + kind);
}

function row(a, status, ctx, reload) {
  const tr = h('tr', { 'data-alert-id': String(a.id), 'data-acknowledged': a.acknowledged_at ? 'true' : 'false' });
  const showRow = (alert) => {
    tr.setAttribute('data-acknowledged', alert.acknowledged_at ? 'true' : 'false');
    fill(tr,
      h('td', {}, badge('severity', alert.severity, t('severity.' + alert.severity))),
      h('td', { text: kindLabel(alert.kind) }),
      h('td', {}, alert.station_id ? link('/stations/' + encodeURIComponent(alert.station_id), null, alert.station_id, { class: 'mono' }) : '—'),
      h('td', {}, alert.device_id ? link('/devices/' + encodeURIComponent(alert.device_id), { station: alert.station_id }, alert.device_id, { class: 'mono' }) : '—'),
      h('td', {}, timeAgo(alert.opened_at)),
      h('td', { class: 'detail' }, alert.detail || '', deliveries(alert, ctx)),
      status === 'resolved' ? h('td', { text: fmtTime(alert.resolved_at) }) : null,
      h('td', { class: 'ack' }, ackCell(alert))
    );
  };
  const ackCell = (alert) => {
    if (alert.acknowledged_at) {
      return h('span', { class: 'acked', text: t('alerts.ackedBy', { who: alert.acknowledged_by || '?', time: fmtTime(alert.acknowledged_at) }) });
    }
    if (status !== 'open') {
      return h('span', { class: 'muted', text: t('alerts.notAcked') });
    }
    const button = h('button', {
      type: 'button',
      class: 'primary ack-button',
      'data-alert-id': String(alert.id),
      'aria-label': t('alerts.ackLabel', { id: alert.id, station: alert.station_id || '' }),
      text: t('alerts.ack'),
    });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const updated = await api('/alerts/' + encodeURIComponent(alert.id) + '/acknowledge', { method: 'POST', json: {}, signal: ctx.signal });
        showRow(updated);
        say(t('alerts.acked', { id: alert.id }), 'ok');
      } catch (error) {
        if (isAbort(error)) {
          return;
        }
        if (error.status === 409) {
          say(t('alerts.alreadyAcked', { id: alert.id }), 'info');
          reload();
        } else {
          button.disabled = false;
          reportError(error, t('alerts.ackFailed'));
        }
      }
    });
    return button;
  };
  showRow(a);
  return tr;
}
