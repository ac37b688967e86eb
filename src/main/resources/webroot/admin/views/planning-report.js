/*
 * A printable report of a kept scenario: what was asked, the answer's quality, coverage tables,
 * the map as shown, the proposed sites with their gains and the stations' use. The print style
 * sheet (admin.css, "planning") drops the console's chrome and starts each section on a new page.
 */
import { t } from '../i18n.js';
import { api, h, fill, fmtTime, reportError, isAbort } from '../core.js';
import { coverageSection, sitingSection, sitesTable, notesList, qualityText, num } from './planning-common.js';
import { resultMap } from './planning-map.js';
import { useLists, heatTable } from './planning-use.js';

/** How many overloaded stations the report shows hour by hour. */
const HEAT_SHOWN = 3;

export const planReportView = {
  async render(ctx) {
    const name = ctx.params[0];
    const s = await api('/planning/scenarios/' + encodeURIComponent(name), { signal: ctx.signal });
    const run = s.run || {};
    const result = run.result || {};
    const req = result.request || {};
    const printButton = h('button', { type: 'button', class: 'primary', id: 'plan-print', onclick: () => window.print(), text: t('plan.report.print') });
    const mapBox = h('section', { class: 'plan-report-section plan-report-map', 'aria-labelledby': 'report-map-h' });
    const useBox = h('section', { class: 'plan-report-section', id: 'report-use', 'aria-labelledby': 'report-use-h' }, h('h3', { id: 'report-use-h', text: t('plan.report.use') }), h('p', { class: 'muted', text: t('common.loading') }));
    const summary = [
      [t('plan.runs.kind'), t('plan.kind.' + (s.kind || run.kind))],
      [t('plan.run.demand'), req.demand || '—'],
      [t('plan.run.radius'), num(req.radius_m, 0)],
      [t('plan.report.quality'), qualityText(result.siting)],
      [t('plan.report.owner'), s.owner || '—'],
      [t('plan.report.saved'), fmtTime(s.created_at)],
    ];
    ctx.root.classList.add('plan-report');
    ctx.root.append(
      h(
        'header',
        { class: 'plan-report-head' },
        h('h2', { id: 'plan-report-title', text: t('plan.report.title', { name: s.name }) }),
        h('p', { class: 'no-print head-links' }, printButton, ' ', h('a', { href: '#/planning/scenarios/' + encodeURIComponent(s.name), text: t('plan.report.back') })),
        h('dl', { class: 'plan-figures' }, summary.map(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })]))
      ),
      h('section', { class: 'plan-report-section', id: 'report-coverage' }, coverageSection(result, 'report'), sitingSection(result, 'report')),
      h('section', { class: 'plan-report-section', id: 'report-sites', 'aria-labelledby': 'report-sites-h' }, h('h3', { id: 'report-sites-h', text: t('plan.sites.title') }), sitesTable(result, 'report'), notesList(result)),
      mapBox,
      useBox,
      h('p', { class: 'muted plan-report-foot', text: t('plan.report.generated', { time: fmtTime(new Date().toISOString()) }) })
    );
    const [, use] = await Promise.all([
      resultMap(ctx, mapBox, result, run.id, 'report').catch((error) => {
        if (!isAbort(error)) {
          reportError(error, t('plan.map.failed'));
        }
      }),
      api('/planning/use', { signal: ctx.signal }).catch((error) => {
        if (!isAbort(error)) {
          fill(useBox, h('h3', { id: 'report-use-h', text: t('plan.report.use') }), h('p', { class: 'notice', text: t('plan.use.loadFailed') }));
        }
        return null;
      }),
    ]);
    if (use) {
      fill(useBox, h('h3', { id: 'report-use-h', text: t('plan.report.use') }), h('p', { class: 'muted', text: t('plan.use.period', { from: fmtTime(use.from), to: fmtTime(use.to) }) }), useLists(use));
      // The week of the fullest stations, hour by hour (at most HEAT_SHOWN of them).
      const fullest = (use.overloaded || []).slice(0, HEAT_SHOWN);
      const heats = await Promise.all(fullest.map((u) => api('/planning/use/stations/' + encodeURIComponent(u.station_id), { signal: ctx.signal }).catch(() => null)));
      heats.forEach((u, i) => {
        if (u && u.heat) {
          useBox.append(h('div', { class: 'plan-report-heat' }, h('h4', { text: t('plan.report.heat', { name: u.name || u.station_id }) }), heatTable(u.heat, 'report-heat-' + i)));
        }
      });
    }
    ctx.root.setAttribute('data-ready', 'true');
  },
};
