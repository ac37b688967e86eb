/*
 * Pieces the planner's pages share: the planning API's address, the sub-navigation, number and
 * share formatting, the plain statement of an answer's quality, coverage and site tables, and
 * export links. Everything from the server is inserted as text.
 */
import { t, DICT } from '../i18n.js';
import { h, fmtNumber, route } from '../core.js';

export const PLAN = '/planning';
export const PLAN_URL = '/api/v1/planning';

/** The pages of the planner's console, shown as a row of links above each of them. */
const PAGES = [
  ['/planning', 'plan.tab.sets'],
  ['/planning/scenarios', 'plan.tab.scenarios'],
  ['/planning/use', 'plan.tab.use'],
];

export function subNav(active) {
  return h(
    'nav',
    { class: 'tabs plan-tabs', 'aria-label': t('plan.tabs') },
    PAGES.map(([path, key]) =>
      h('a', { class: 'tab', href: '#' + path, 'aria-current': path === active ? 'page' : null, text: t(key) })
    )
  );
}

/** A run's phase in words; a phase the server adds later shows as its code. */
export function phaseText(code) {
  return code && DICT.zh['plan.phase.' + code] !== undefined ? t('plan.phase.' + code) : code || '';
}

/** A share 0..1 as a percentage with one decimal. */
export function pct(share) {
  if (typeof share !== 'number' || !Number.isFinite(share)) {
    return '—';
  }
  return fmtNumber(share * 100, 1) + '%';
}

export function num(n, digits) {
  const text = fmtNumber(n, digits === undefined ? 1 : digits);
  return text === '' ? '—' : text;
}

/**
 * The answer's quality in words: proven optimal, or how far it may be from the bound, or (a
 * coverage run) that nothing was sited.
 */
export function qualityText(siting) {
  if (!siting) {
    return t('plan.quality.none');
  }
  if (siting.optimal) {
    return t('plan.quality.optimal');
  }
  if (typeof siting.gap === 'number' && Number.isFinite(siting.gap)) {
    return t('plan.quality.gap', { gap: fmtNumber(siting.gap * 100, 2) });
  }
  return t('plan.quality.unknown', { status: siting.status || '' });
}

export function qualityBadge(siting) {
  const code = !siting ? 'none' : siting.optimal ? 'optimal' : 'gap';
  return h('span', { class: 'badge plan-quality plan-quality-' + code, id: 'plan-quality', 'data-code': code, text: qualityText(siting) });
}

/** A table with a caption, header cells and rows of cells ({text, num} or a node or a string). */
export function table(id, caption, heads, rows) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data plan-table', id },
      h('caption', { text: caption }),
      h('thead', {}, h('tr', {}, heads.map((head) => h('th', { scope: 'col', class: head.num ? 'num' : null, text: head.text || head })))),
      h(
        'tbody',
        {},
        rows.map((cells) =>
          h(
            'tr',
            {},
            cells.map((c) =>
              c instanceof Node ? h('td', {}, c) : h('td', { class: c && c.num ? 'num' : null, text: c && typeof c === 'object' ? c.text : c })
            )
          )
        )
      )
    )
  );
}

/** Coverage summary, before and (when sited) after: overall, by city and by district. */
export function coverageSection(result, idPrefix) {
  const before = result.before || {};
  const after = result.after;
  const p = idPrefix || 'plan';
  const heads = [t('plan.cov.area'), { text: t('plan.cov.points'), num: true }, { text: t('plan.cov.weight'), num: true }, { text: t('plan.cov.before'), num: true }];
  if (after) {
    heads.push({ text: t('plan.cov.after'), num: true });
  }
  const overall = [t('plan.cov.overall'), { text: num(before.points, 0), num: true }, { text: num(before.total_weight), num: true }, { text: pct(before.share), num: true }];
  if (after) {
    overall.push({ text: pct(after.share), num: true });
  }
  const areaRows = (key, name) => {
    const afterBy = new Map(((after && after[key]) || []).map((a) => [a.city + '/' + (a.district || ''), a]));
    return (before[key] || []).map((a) => {
      const row = [name(a), { text: num(a.points, 0), num: true }, { text: num(a.total_weight), num: true }, { text: pct(a.share), num: true }];
      if (after) {
        const x = afterBy.get(a.city + '/' + (a.district || ''));
        row.push({ text: x ? pct(x.share) : '—', num: true });
      }
      return row;
    });
  };
  const unknown = t('plan.cov.unplaced');
  return h(
    'section',
    { class: 'plan-section plan-coverage', 'aria-labelledby': p + '-coverage-h' },
    h('h3', { id: p + '-coverage-h', text: t('plan.cov.title', { radius: num(before.radius_m, 0) }) }),
    h(
      'p',
      { class: 'plan-share', id: p + '-share' },
      after
        ? t('plan.cov.summaryAfter', { before: pct(before.share), after: pct(after.share) })
        : t('plan.cov.summary', { share: pct(before.share), n: num(before.uncovered_points, 0) })
    ),
    table(p + '-cov-overall', t('plan.cov.overallCaption'), heads, [overall]),
    table(p + '-cov-city', t('plan.cov.byCity'), heads, areaRows('by_city', (a) => a.city || unknown)),
    table(p + '-cov-district', t('plan.cov.byDistrict'), heads, areaRows('by_district', (a) => [a.city, a.district].filter(Boolean).join(' ') || unknown)),
    before.idle_stations && before.idle_stations.length
      ? h('p', { class: 'muted', text: t('plan.cov.idle', { n: before.idle_stations.length, ids: before.idle_stations.slice(0, 20).join(', ') }) })
      : null
  );
}

/** The siting figures: objective, bound, gap and the plain statement. */
export function sitingSection(result, idPrefix) {
  const s = result.siting;
  const p = idPrefix || 'plan';
  if (!s) {
    return h('p', { class: 'plan-siting' }, qualityBadge(null));
  }
  return h(
    'section',
    { class: 'plan-section plan-siting', 'aria-labelledby': p + '-siting-h' },
    h('h3', { id: p + '-siting-h', text: t('plan.siting.title') }),
    h('p', {}, qualityBadge(s)),
    h(
      'dl',
      { class: 'plan-figures' },
      h('dt', { text: t('plan.siting.model') }),
      h('dd', { text: t('plan.kind.' + s.model) }),
      h('dt', { text: t('plan.siting.objective') }),
      h('dd', { id: p + '-objective', text: num(s.objective, 2) }),
      h('dt', { text: t('plan.siting.bound') }),
      h('dd', { text: num(s.bound, 2) }),
      h('dt', { text: t('plan.siting.gap') }),
      h('dd', { text: typeof s.gap === 'number' ? fmtNumber(s.gap * 100, 2) + '%' : '—' }),
      h('dt', { text: t('plan.siting.method') }),
      h('dd', { text: s.method || '—' }),
      h('dt', { text: t('plan.siting.elapsed') }),
      h('dd', { text: t('plan.ms', { n: num(s.elapsed_ms, 0) }) })
    )
  );
}

/** The proposed sites in order of gain. */
export function sitesTable(result, idPrefix) {
  const sites = result.sites || [];
  const p = idPrefix || 'plan';
  if (!sites.length) {
    return h('p', { class: 'muted', id: p + '-no-sites', text: t('plan.sites.none') });
  }
  return table(
    p + '-sites',
    t('plan.sites.caption', { n: sites.length }),
    [{ text: t('plan.sites.rank'), num: true }, t('plan.sites.label'), { text: t('plan.sites.lon'), num: true }, { text: t('plan.sites.lat'), num: true }, { text: t('plan.sites.gain'), num: true }],
    sites.map((s) => [{ text: String(s.rank), num: true }, s.label || t('plan.sites.unnamed', { n: s.rank }), { text: s.lon.toFixed(5), num: true }, { text: s.lat.toFixed(5), num: true }, { text: num(s.gain, 2), num: true }])
  );
}

export function notesList(result) {
  const notes = result.notes || [];
  if (!notes.length) {
    return null;
  }
  return h('section', { class: 'plan-section' }, h('h3', { text: t('plan.notes') }), h('ul', { id: 'plan-notes' }, notes.map((n) => h('li', { text: n }))));
}

/** Download links for a run's sites and uncovered demand, as GeoJSON and CSV, WGS-84 and GCJ-02. */
export function exportLinks(runId) {
  const base = PLAN_URL + '/runs/' + encodeURIComponent(runId);
  const items = [];
  for (const [what, extra] of [['sites', ''], ['uncovered', ''], ['uncovered', '&after=true']]) {
    for (const format of ['geojson', 'csv']) {
      for (const crs of ['wgs84', 'gcj02']) {
        const label = t('plan.export.' + what + (extra ? 'After' : '')) + ' · ' + format.toUpperCase() + ' · ' + t('plan.crs.' + crs);
        items.push(h('li', {}, h('a', { href: base + '/' + what + '?format=' + format + '&crs=' + crs + extra, download: '', text: label })));
      }
    }
  }
  return h('section', { class: 'plan-section plan-exports no-print' }, h('h3', { text: t('plan.export.title') }), h('ul', { class: 'plan-export-list', id: 'plan-exports' }, items));
}

export { route };
