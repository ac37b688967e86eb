/*
 * Fleet summary: device counts by health as tiles, the same per city and district, and the devices
 * whose battery is low. Refreshed every 30 seconds while the view is open.
 */
import { t } from '../i18n.js';
import { fill, api, h, link, reportError, fmtTime, stateBadge, isAbort } from '../core.js';

export const STATES = ['online', 'late', 'offline', 'never_seen', 'disabled'];
const REFRESH_MS = 30_000;

export const fleetView = {
  render(ctx) {
    const asOf = h('p', { class: 'muted as-of', id: 'fleet-as-of', 'aria-live': 'polite' });
    const tiles = h('div', { class: 'tiles', id: 'fleet-tiles' });
    const total = h('p', { class: 'total', id: 'fleet-total' });
    const places = h('div', { class: 'table-wrap', id: 'fleet-places' });
    const lowTitle = h('h3', { text: t('fleet.lowBattery') });
    const low = h('div', { class: 'table-wrap', id: 'fleet-low-battery' });
    const refresh = h('button', { type: 'button', text: t('common.refresh') });
    ctx.root.append(
      h('div', { class: 'view-head' }, h('h2', { text: t('fleet.title') }), asOf, refresh),
      tiles,
      total,
      h('section', { 'aria-labelledby': 'fleet-places-title' }, h('h3', { id: 'fleet-places-title', text: t('fleet.byPlace') }), places),
      h('section', {}, lowTitle, low)
    );
    tiles.append(h('p', { class: 'muted', text: t('common.loading') }));

    let busy = false;
    const load = async () => {
      if (busy) {
        return;
      }
      busy = true;
      refresh.disabled = true;
      try {
        const data = await api('/fleet/summary', { signal: ctx.signal });
        draw(data);
      } catch (error) {
        if (!isAbort(error)) {
          reportError(error, t('fleet.loadFailed'));
          if (!tiles.querySelector('.tile')) {
            fill(tiles, h('p', { class: 'notice', text: t('fleet.loadFailed') }));
          }
        }
      } finally {
        busy = false;
        refresh.disabled = false;
      }
    };

    const draw = (data) => {
      const totals = data.totals || {};
      asOf.textContent = t('common.asOf', { time: fmtTime(data.as_of) });
      fill(tiles,
        ...STATES.map((state) =>
          h(
            'a',
            {
              class: 'tile state-' + state,
              href: '#/devices?state=' + state,
              'data-state': state,
            },
            h('span', { class: 'tile-count', text: String(totals[state] || 0) }),
            h('span', { class: 'tile-label', text: t('state.' + state) })
          )
        )
      );
      total.textContent = t('fleet.total', { n: data.devices || 0 });
      lowTitle.textContent = t('fleet.lowBatteryTitle', {
        pct: data.low_battery_pct,
        n: data.low_battery_count || 0,
      });
      fill(places, placeTable(data.by_place || []));
      fill(low, lowTable(data.low_battery || []));
    };

    refresh.addEventListener('click', load);
    load();
    const timer = setInterval(load, REFRESH_MS);
    ctx.onLeave(() => clearInterval(timer));
  },
};

function placeTable(rows) {
  if (!rows.length) {
    return h('p', { class: 'muted', text: t('fleet.noDevices') });
  }
  return h(
    'table',
    { class: 'data', id: 'fleet-place-table' },
    h('caption', { class: 'sr-only', text: t('fleet.byPlace') }),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', text: t('field.city') }),
        h('th', { scope: 'col', text: t('field.district') }),
        STATES.map((s) => h('th', { scope: 'col', class: 'num', text: t('state.' + s) }))
      )
    ),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          {},
          h('td', {}, r.city ? link('/devices', { city: r.city }, r.city) : t('common.unknown')),
          h(
            'td',
            {},
            r.district
              ? link('/devices', { city: r.city, district: r.district }, r.district)
              : t('common.unknown')
          ),
          STATES.map((s) =>
            h('td', { class: 'num' + (r[s] && (s === 'offline' || s === 'late') ? ' warn' : ''), text: String(r[s] || 0) })
          )
        )
      )
    )
  );
}

function lowTable(rows) {
  if (!rows.length) {
    return h('p', { class: 'muted', text: t('fleet.noLowBattery') });
  }
  return h(
    'table',
    { class: 'data' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', text: t('field.device') }),
        h('th', { scope: 'col', text: t('field.station') }),
        h('th', { scope: 'col', class: 'num', text: t('field.battery') }),
        h('th', { scope: 'col', text: t('field.state') })
      )
    ),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          {},
          h('td', {}, link('/devices/' + encodeURIComponent(r.id), { station: r.station_id }, r.id)),
          h('td', {}, link('/stations/' + encodeURIComponent(r.station_id), null, r.station_id)),
          h('td', { class: 'num warn', text: r.battery_pct === null || r.battery_pct === undefined ? '' : r.battery_pct + '%' }),
          h('td', {}, stateBadge(r.state))
        )
      )
    )
  );
}
