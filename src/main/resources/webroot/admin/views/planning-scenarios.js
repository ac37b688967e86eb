/*
 * Kept scenarios: the list (open, report, delete), and two of them side by side: coverage, the
 * siting figures, and on the map the sites both propose and those only one of them does.
 */
import { t } from '../i18n.js';
import { api, h, fill, field, say, reportError, fmtTime, isAbort } from '../core.js';
import { subNav, table, pct, num } from './planning-common.js';
import { planMap, legend, COLOURS } from './planning-map.js';

export const planScenariosView = {
  async render(ctx) {
    const box = h('div', { id: 'plan-scenarios' }, h('p', { class: 'muted', text: t('common.loading') }));
    const compareBox = h('div', { id: 'plan-compare-holder' });
    ctx.root.append(
      h('div', { class: 'view-head' }, h('h2', { text: t('plan.scenarios.title') })),
      subNav('/planning/scenarios'),
      h('section', { class: 'card' }, box),
      h('section', { class: 'card', 'aria-labelledby': 'plan-compare-h' }, h('h3', { id: 'plan-compare-h', text: t('plan.compare.title') }), compareBox)
    );
    const load = async () => {
      const data = await api('/planning/scenarios', { signal: ctx.signal });
      const list = (data && data.scenarios) || [];
      if (!list.length) {
        fill(box, h('p', { class: 'muted', text: t('plan.scenarios.none') }));
        fill(compareBox, h('p', { class: 'muted', text: t('plan.compare.needTwo') }));
        return;
      }
      fill(
        box,
        table(
          'plan-scenario-table',
          t('plan.scenarios.caption'),
          [t('plan.scenarios.name'), t('plan.runs.kind'), { text: t('plan.cov.before'), num: true }, { text: t('plan.cov.after'), num: true }, t('plan.scenarios.created'), t('plan.actions')],
          list.map((s) => {
            const r = (s.run && s.run.result) || {};
            const del = h('button', {
              type: 'button',
              class: 'danger',
              text: t('plan.delete'),
              'aria-label': t('plan.deleteNamed', { name: s.name }),
              onclick: async () => {
                if (!window.confirm(t('plan.scenarios.confirmDelete', { name: s.name }))) {
                  return;
                }
                try {
                  await api('/planning/scenarios/' + encodeURIComponent(s.name), { method: 'DELETE', signal: ctx.signal });
                  say(t('plan.scenarios.deleted', { name: s.name }), 'ok');
                  load();
                } catch (error) {
                  reportError(error, t('plan.scenarios.deleteFailed'));
                }
              },
            });
            return [
              h('a', { href: '#/planning/scenarios/' + encodeURIComponent(s.name), text: s.name }),
              t('plan.kind.' + s.kind),
              { text: pct(r.before && r.before.share), num: true },
              { text: r.after ? pct(r.after.share) : '—', num: true },
              fmtTime(s.created_at),
              h('span', { class: 'row-actions' }, h('a', { href: '#/planning/report/' + encodeURIComponent(s.name), text: t('plan.report.short'), 'aria-label': t('plan.report.named', { name: s.name }) }), del),
            ];
          })
        )
      );
      if (list.length < 2) {
        fill(compareBox, h('p', { class: 'muted', text: t('plan.compare.needTwo') }));
        return;
      }
      const pick = (name, initial) => {
        const s = h('select', { name });
        for (const x of list) {
          s.append(h('option', { value: x.name, text: x.name, selected: x.name === initial }));
        }
        return s;
      };
      const a = pick('a', list[1].name);
      const b = pick('b', list[0].name);
      const form = h(
        'form',
        { id: 'plan-compare-form', class: 'plan-form' },
        h('div', { class: 'grid' }, field(t('plan.compare.a'), a), field(t('plan.compare.b'), b)),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'plan-compare-submit', text: t('plan.compare.submit') }))
      );
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        location.hash = '#/planning/compare?a=' + encodeURIComponent(a.value) + '&b=' + encodeURIComponent(b.value);
      });
      fill(compareBox, form);
    };
    await load();
  },
};

export const planCompareView = {
  async render(ctx) {
    const { a, b } = ctx.query;
    ctx.root.append(h('div', { class: 'view-head' }, h('h2', { text: t('plan.compare.heading', { a: a || '?', b: b || '?' }) })), subNav(''));
    if (!a || !b) {
      ctx.root.append(h('p', { class: 'notice', text: t('plan.compare.needTwo') }));
      return;
    }
    const c = await api('/planning/scenarios/compare?a=' + encodeURIComponent(a) + '&b=' + encodeURIComponent(b), { signal: ctx.signal });
    const d = c.difference || {};
    const sides = [c.a || {}, c.b || {}];
    const row = (label, fn) => [label, ...sides.map((s) => ({ text: fn(s), num: true }))];
    const signed = (v) => (v > 0 ? '+' : '') + num(v * 100, 1) + ' ' + t('plan.points');
    ctx.root.append(
      h(
        'section',
        { class: 'card' },
        table('plan-compare-table', t('plan.compare.caption'), [t('plan.compare.measure'), { text: 'A · ' + sides[0].name, num: true }, { text: 'B · ' + sides[1].name, num: true }], [
          row(t('plan.runs.kind'), (s) => t('plan.kind.' + s.kind)),
          row(t('plan.cov.before'), (s) => pct(s.share_before)),
          row(t('plan.cov.after'), (s) => pct(s.share_after)),
          row(t('plan.compare.sites'), (s) => String(s.sites)),
          row(t('plan.siting.objective'), (s) => num(s.objective, 2)),
          row(t('plan.siting.bound'), (s) => num(s.bound, 2)),
          row(t('plan.siting.gap'), (s) => (typeof s.gap === 'number' ? num(s.gap * 100, 2) + '%' : '—')),
          row(t('plan.compare.status'), (s) => (s.status ? t('plan.status.' + s.status) : '—')),
        ]),
        h('p', { id: 'plan-compare-diff', text: t('plan.compare.diff', { after: signed(d.share_after || 0), common: (d.sites_common || []).length, a: (d.sites_only_a || []).length, b: (d.sites_only_b || []).length }) })
      )
    );
    const mapCard = h('section', { class: 'card', 'aria-labelledby': 'plan-compare-map-h' });
    const lists = h(
      'div',
      { class: 'plan-compare-lists' },
      siteList('plan-common', t('plan.compare.common'), d.sites_common || []),
      siteList('plan-only-a', t('plan.compare.onlyA', { name: sides[0].name }), d.sites_only_a || []),
      siteList('plan-only-b', t('plan.compare.onlyB', { name: sides[1].name }), d.sites_only_b || [])
    );
    const note = h('p', { class: 'note', hidden: true, text: t('map.noTiles') });
    const el = h('div', { id: 'plan-compare-map', class: 'plan-map', role: 'region', 'aria-label': t('plan.compare.mapLabel') });
    ctx.root.append(mapCard);
    fill(
      mapCard,
      h('h3', { id: 'plan-compare-map-h', text: t('plan.compare.mapTitle') }),
      note,
      legend([
        [COLOURS.common, t('plan.compare.legendCommon', { n: (d.sites_common || []).length })],
        [COLOURS.onlyA, t('plan.compare.legendA', { name: sides[0].name, n: (d.sites_only_a || []).length })],
        [COLOURS.onlyB, t('plan.compare.legendB', { name: sides[1].name, n: (d.sites_only_b || []).length })],
      ]),
      el,
      lists
    );
    const m = planMap(ctx, el, note);
    if (!m) {
      return;
    }
    try {
      await m.ready;
      m.sites(d.sites_common || [], COLOURS.common, '');
      m.sites(d.sites_only_a || [], COLOURS.onlyA, 'A');
      m.sites(d.sites_only_b || [], COLOURS.onlyB, 'B');
      m.fit();
      el.setAttribute('data-ready', 'true');
    } catch (error) {
      if (!isAbort(error)) {
        reportError(error, t('plan.map.failed'));
      }
    }
  },
};

function siteList(id, title, sites) {
  return h(
    'div',
    { class: 'plan-site-list' },
    h('h4', { text: title + ' (' + sites.length + ')' }),
    sites.length
      ? h('ol', { id }, sites.map((s) => h('li', { text: (s.label || t('plan.sites.unnamed', { n: s.rank })) + ' · ' + s.lon.toFixed(5) + ', ' + s.lat.toFixed(5) + ' · ' + t('plan.sites.gain') + ' ' + num(s.gain, 2) })))
      : h('p', { class: 'muted', id, text: t('common.none') })
  );
}
