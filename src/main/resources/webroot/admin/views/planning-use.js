/*
 * Station use from the stored readings: the overloaded and under-used lists and every station's
 * figures, and per station the weekday-by-hour heat map as a table whose cells carry both a colour
 * and their value (so it reads without colour, and in a screen reader, as a table).
 */
import { t } from '../i18n.js';
import { api, h, fill, fmtTime } from '../core.js';
import { subNav, table, pct, num } from './planning-common.js';

const SHOWN = 200; // rows of the all-stations table drawn; the rest are counted

export function useTable(id, caption, list) {
  return table(
    id,
    caption,
    [t('plan.use.station'), t('plan.use.place'), { text: t('plan.use.capacity'), num: true }, { text: t('plan.use.openHours'), num: true }, { text: t('plan.use.fullShare'), num: true }, { text: t('plan.use.meanShare'), num: true }, { text: t('plan.use.hot'), num: true }, { text: t('plan.use.cold'), num: true }, { text: t('plan.use.reports'), num: true }],
    list.map((u) => [
      h('a', { href: '#/planning/use/' + encodeURIComponent(u.station_id), text: u.name || u.station_id }),
      [u.city, u.district].filter(Boolean).join(' '),
      { text: num(u.capacity, 0), num: true },
      { text: num(u.open_hours, 0), num: true },
      { text: pct(u.full_share), num: true },
      { text: pct(u.mean_occupancy_share), num: true },
      { text: num(u.hot_hours, 0), num: true },
      { text: num(u.cold_hours, 0), num: true },
      { text: num(u.full_reports, 0), num: true },
    ])
  );
}

export function useLists(use) {
  const over = use.overloaded || [];
  const under = use.underused || [];
  return [
    h('h3', { text: t('plan.use.overloaded', { n: over.length }) }),
    over.length ? useTable('plan-use-overloaded', t('plan.use.overloadedCaption', { share: pct(use.rules.overloaded_share), full: pct(use.rules.full_share) }), over) : h('p', { class: 'muted', id: 'plan-use-overloaded', text: t('common.none') }),
    h('h3', { text: t('plan.use.underused', { n: under.length }) }),
    under.length ? useTable('plan-use-underused', t('plan.use.underusedCaption', { share: pct(use.rules.underused_share) }), under) : h('p', { class: 'muted', id: 'plan-use-underused', text: t('common.none') }),
  ];
}

export const planUseView = {
  async render(ctx) {
    const box = h('div', { id: 'plan-use' }, h('p', { class: 'muted', text: t('common.loading') }));
    ctx.root.append(h('div', { class: 'view-head' }, h('h2', { text: t('plan.use.title') })), subNav('/planning/use'), h('section', { class: 'card' }, box));
    // every station is asked for (all=true); a national network answers 186,100 rows, of which
    // the table shows the first SHOWN
    const use = await api('/planning/use?all=true', { signal: ctx.signal });
    const all = use.stations || [];
    fill(
      box,
      h('p', { class: 'muted', text: t('plan.use.period', { from: fmtTime(use.from), to: fmtTime(use.to) }) }),
      useLists(use),
      h('h3', { text: t('plan.use.all', { n: all.length }) }),
      all.length ? useTable('plan-use-all', t('plan.use.allCaption'), all.slice(0, SHOWN)) : h('p', { class: 'muted', text: t('common.none') }),
      all.length > SHOWN ? h('p', { class: 'muted', text: t('plan.use.capped', { shown: SHOWN, n: all.length }) }) : null
    );
  },
};

export const planStationUseView = {
  async render(ctx) {
    const id = ctx.params[0];
    const u = await api('/planning/use/stations/' + encodeURIComponent(id), { signal: ctx.signal });
    ctx.root.append(
      h('div', { class: 'view-head' }, h('h2', { text: t('plan.use.stationTitle', { name: u.name || u.station_id }) })),
      subNav(''),
      h('section', { class: 'card' }, useTable('plan-use-station', t('plan.use.figures'), [u])),
      h('section', { class: 'card', 'aria-labelledby': 'plan-heat-h' }, h('h3', { id: 'plan-heat-h', text: t('plan.use.heatTitle') }), h('p', { class: 'muted', text: t('plan.use.heatHint') }), heatTable(u.heat || []))
    );
  },
};

/** Weekday rows, hour columns; each cell's colour is its occupancy share, its text the value. */
export function heatTable(heat, id) {
  const hours = Array.from({ length: 24 }, (_, i) => i);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'plan-heat', id: id || 'plan-heat' },
      h('caption', { class: 'sr-only', text: t('plan.use.heatCaption') }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('plan.use.weekday') }), hours.map((hr) => h('th', { scope: 'col', text: String(hr) })))),
      h(
        'tbody',
        {},
        heat.map((day, d) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row', text: t('plan.weekday.' + d) }),
            hours.map((hr) => {
              const v = day[hr];
              if (v === null || v === undefined) {
                return h('td', { class: 'heat-none', title: t('plan.use.noData'), text: '·', 'aria-label': t('plan.use.noData') });
              }
              return h('td', { class: 'heat-' + level(v), text: String(Math.round(v * 100)) });
            })
          )
        )
      )
    ),
    h(
      'p',
      { class: 'plan-heat-key' },
      t('plan.use.heatKey'),
      ' ',
      [0, 1, 2, 3, 4].map((l) => h('span', { class: 'heat-' + l, text: t('plan.use.level' + l) }))
    )
  );
}

/** Five steps of occupancy share: under 25%, 50%, 75%, 90%, and at least 90% (full). */
function level(v) {
  return v >= 0.9 ? 4 : v >= 0.75 ? 3 : v >= 0.5 ? 2 : v >= 0.25 ? 1 : 0;
}
