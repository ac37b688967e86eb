/*
 * The planner's start page: demand and candidate sets (upload with its coordinate system, a bad
 * file's rows listed, delete, generated candidates), the form for a new run, and the runs kept.
 */
import { t } from '../i18n.js';
import { api, h, fill, field, select, say, reportError, showFormError, clearFormErrors, formErrorBox, fmtTime, isAbort } from '../core.js';
import { PLAN_URL, subNav, num, table } from './planning-common.js';

const KINDS = ['coverage', 'mclp', 'lscp', 'p_median'];
const METHODS = ['auto', 'heuristic', 'mip', 'cp_sat'];

export const planningView = {
  async render(ctx) {
    const setsBox = h('div', { id: 'plan-sets', 'aria-live': 'polite' }, h('p', { class: 'muted', text: t('common.loading') }));
    const runsBox = h('div', { id: 'plan-runs' }, h('p', { class: 'muted', text: t('common.loading') }));
    const upload = uploadForm(ctx, () => reload());
    const generate = h('div', { id: 'plan-generate-holder' });
    const runForm = h('div', { id: 'plan-run-holder' });
    ctx.root.append(
      h('div', { class: 'view-head' }, h('h2', { text: t('plan.title') })),
      subNav('/planning'),
      h('section', { class: 'card', 'aria-labelledby': 'plan-sets-h' }, h('h3', { id: 'plan-sets-h', text: t('plan.sets.title') }), setsBox),
      h('section', { class: 'card', 'aria-labelledby': 'plan-upload-h' }, h('h3', { id: 'plan-upload-h', text: t('plan.upload.title') }), upload),
      h('section', { class: 'card', 'aria-labelledby': 'plan-generate-h' }, h('h3', { id: 'plan-generate-h', text: t('plan.gen.title') }), generate),
      h('section', { class: 'card', 'aria-labelledby': 'plan-run-h' }, h('h3', { id: 'plan-run-h', text: t('plan.run.title') }), runForm),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'plan-runs-h' },
        h('h3', { id: 'plan-runs-h', text: t('plan.runs.title') }),
        h('button', { type: 'button', onclick: () => loadRuns(ctx, runsBox), text: t('common.refresh') }),
        runsBox
      )
    );

    const reload = async () => {
      try {
        const [demand, candidate] = await Promise.all([
          api('/planning/sets/demand', { signal: ctx.signal }),
          api('/planning/sets/candidate', { signal: ctx.signal }),
        ]);
        const sets = { demand: demand.sets || [], candidate: candidate.sets || [] };
        fill(setsBox, setTable(ctx, 'demand', sets.demand, reload), setTable(ctx, 'candidate', sets.candidate, reload));
        fill(generate, generateForm(ctx, sets, reload));
        fill(runForm, newRunForm(ctx, sets));
      } catch (error) {
        if (!isAbort(error)) {
          fill(setsBox, h('p', { class: 'notice', text: t('plan.sets.loadFailed') }));
          reportError(error, t('plan.sets.loadFailed'));
        }
      }
    };
    await Promise.all([reload(), loadRuns(ctx, runsBox)]);
  },
};

function setTable(ctx, kind, sets, reload) {
  if (!sets.length) {
    return h('p', { class: 'muted', id: 'plan-sets-' + kind, text: t('plan.sets.none.' + kind) });
  }
  const rows = sets.map((s) => {
    const base = PLAN_URL + '/sets/' + kind + '/' + encodeURIComponent(s.name);
    const del = h('button', {
      type: 'button',
      class: 'danger',
      text: t('plan.delete'),
      'aria-label': t('plan.deleteNamed', { name: s.name }),
      onclick: async () => {
        if (!window.confirm(t('plan.sets.confirmDelete', { name: s.name }))) {
          return;
        }
        try {
          await api('/planning/sets/' + kind + '/' + encodeURIComponent(s.name), { method: 'DELETE', signal: ctx.signal });
          say(t('plan.sets.deleted', { name: s.name }), 'ok');
          reload();
        } catch (error) {
          reportError(error, t('plan.sets.deleteFailed'));
        }
      },
    });
    const links = h(
      'span',
      { class: 'row-actions' },
      ['geojson', 'csv'].map((f) => h('a', { href: base + '?format=' + f, download: '', 'aria-label': t('plan.downloadNamed', { name: s.name, format: f.toUpperCase() }), text: f.toUpperCase() })),
      del
    );
    return [s.name, { text: num(s.point_count, 0), num: true }, { text: num(s.total_weight), num: true }, fmtTime(s.updated_at), links];
  });
  return table('plan-sets-' + kind, t('plan.sets.caption.' + kind), [t('plan.sets.name'), { text: t('plan.sets.points'), num: true }, { text: t('plan.sets.weight'), num: true }, t('plan.sets.updated'), t('plan.actions')], rows);
}

/** Upload: kind, name, coordinate system and the file; a refused file lists its bad rows. */
function uploadForm(ctx, done) {
  const kind = select('kind', ['demand', 'candidate'], 'plan.setKind.', 'demand');
  const name = h('input', { name: 'name', required: true, pattern: '[A-Za-z0-9_.\\-\\u4e00-\\u9fff]+', autocomplete: 'off' });
  const crs = select('crs', ['wgs84', 'gcj02'], 'plan.crs.', 'wgs84');
  const file = h('input', { name: 'file', type: 'file', accept: '.csv,.geojson,.json,text/csv,application/geo+json,application/json', required: true });
  const rowsBox = h('div', { id: 'plan-upload-errors', class: 'plan-row-errors', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary', text: t('plan.upload.submit') });
  const form = h(
    'form',
    { id: 'plan-upload-form', class: 'plan-form', novalidate: true },
    h('div', { class: 'grid' }, field(t('plan.upload.kind'), kind), field(t('plan.upload.name'), name, t('plan.upload.nameHint')), field(t('plan.upload.crs'), crs), field(t('plan.upload.file'), file, t('plan.upload.fileHint'))),
    formErrorBox(),
    rowsBox,
    h('div', { class: 'actions' }, submit)
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    rowsBox.hidden = true;
    const f = file.files && file.files[0];
    const setName = name.value.trim() || (f ? f.name.replace(/\.[^.]*$/, '') : '');
    if (!f || !setName) {
      showFormError(form, { message: t('plan.upload.missing'), errors: [] }, t('plan.upload.failed'));
      (f ? name : file).focus();
      return;
    }
    const format = /\.csv$/i.test(f.name) ? 'csv' : 'geojson';
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const set = await api('/planning/sets/' + kind.value + '/' + encodeURIComponent(setName) + '?format=' + format + '&crs=' + crs.value, {
        method: 'PUT',
        body: f,
        headers: { 'Content-Type': format === 'csv' ? 'text/csv' : 'application/geo+json' },
        signal: ctx.signal,
      });
      say(t('plan.upload.done', { name: set.name, n: num(set.point_count, 0) }), 'ok');
      form.reset();
      done();
    } catch (error) {
      if (isAbort(error)) {
        return;
      }
      const rowErrors = (error.errors || []).filter((e) => e.row !== undefined && e.row !== null);
      const rest = (error.errors || []).filter((e) => e.row === undefined || e.row === null);
      showFormError(form, { message: error.message, errors: rest, handled: error.handled }, t('plan.upload.failed'));
      if (rowErrors.length) {
        fill(
          rowsBox,
          h('p', { text: t('plan.upload.rows', { n: rowErrors.length }) }),
          table('plan-upload-error-table', t('plan.upload.rowsCaption'), [{ text: t('plan.upload.row'), num: true }, t('plan.upload.field'), t('plan.upload.reason')], rowErrors.map((e) => [{ text: String(e.row), num: true }, e.field || '', e.reason || '']))
        );
        rowsBox.hidden = false;
      }
    } finally {
      submit.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}

function setSelect(name, sets, current) {
  const s = h('select', { name });
  for (const x of sets) {
    s.append(h('option', { value: x.name, text: x.name + ' (' + num(x.point_count, 0) + ')', selected: x.name === current }));
  }
  return s;
}

/** Candidates made from a demand set: a grid over its uncovered part, or its points. */
function generateForm(ctx, sets, done) {
  if (!sets.demand.length) {
    return h('p', { class: 'muted', text: t('plan.gen.noDemand') });
  }
  const name = h('input', { name: 'name', required: true, autocomplete: 'off' });
  const demand = setSelect('demand', sets.demand);
  const method = select('method', ['grid', 'demand'], 'plan.gen.method.', 'grid');
  const spacing = h('input', { name: 'spacing_m', type: 'number', min: '50', step: '50', value: '500' });
  const radius = h('input', { name: 'radius_m', type: 'number', min: '1', step: '50', value: '1000' });
  const submit = h('button', { type: 'submit', text: t('plan.gen.submit') });
  const form = h(
    'form',
    { id: 'plan-generate-form', class: 'plan-form', novalidate: true },
    h('div', { class: 'grid' }, field(t('plan.gen.name'), name), field(t('plan.gen.demand'), demand), field(t('plan.gen.methodLabel'), method), field(t('plan.gen.spacing'), spacing), field(t('plan.gen.radius'), radius)),
    formErrorBox(),
    h('div', { class: 'actions' }, submit)
  );
  const sync = () => {
    spacing.disabled = method.value !== 'grid';
  };
  method.addEventListener('change', sync);
  sync();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    submit.disabled = true;
    try {
      const body = { name: name.value.trim(), demand: demand.value, method: method.value, radius_m: Number(radius.value) || 1000 };
      if (method.value === 'grid') {
        body.spacing_m = Number(spacing.value) || 500;
      }
      const set = await api('/planning/candidates/generate', { method: 'POST', json: body, signal: ctx.signal });
      say(t('plan.gen.done', { name: set.name, n: num(set.point_count, 0) }), 'ok');
      done();
    } catch (error) {
      showFormError(form, error, t('plan.gen.failed'));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** The new run: kind, demand, candidates, radius, k or target share, method and options. */
function newRunForm(ctx, sets) {
  if (!sets.demand.length) {
    return h('p', { class: 'muted', id: 'plan-run-nodemand', text: t('plan.run.noDemand') });
  }
  const kind = select('kind', KINDS, 'plan.kind.', 'coverage');
  const name = h('input', { name: 'name', autocomplete: 'off', placeholder: t('plan.run.namePlaceholder') });
  const demand = setSelect('demand', sets.demand);
  const candKind = select('candidates', sets.candidate.length ? ['set', 'grid', 'at_demand'] : ['grid', 'at_demand'], 'plan.cand.', sets.candidate.length ? 'set' : 'grid');
  const candSet = setSelect('candidate_set', sets.candidate);
  const spacing = h('input', { name: 'grid_spacing_m', type: 'number', min: '50', step: '50', value: '500' });
  const radius = h('input', { name: 'radius_m', type: 'number', min: '1', max: '100000', step: '50', value: '1000' });
  const k = h('input', { name: 'k', type: 'number', min: '1', max: '10000', step: '1', value: '10' });
  const target = h('input', { name: 'target_share', type: 'number', min: '1', max: '100', step: '1', value: '90' });
  const method = select('method', METHODS, 'plan.method.', 'auto');
  const limit = h('input', { name: 'time_limit_s', type: 'number', min: '1', max: '1800', step: '1', value: '60' });
  const keep = h('input', { name: 'keep_existing', type: 'checkbox', checked: true, id: 'plan-keep' });
  const overflow = h('input', { name: 'overflow', type: 'checkbox', id: 'plan-overflow' });
  const days = h('input', { name: 'overflow_days', type: 'number', min: '1', max: '365', value: '28' });
  const factor = h('input', { name: 'overflow_factor', type: 'number', min: '0', step: '0.1', value: '1' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'plan-run-submit', text: t('plan.run.submit') });
  const siteFields = h(
    'fieldset',
    { class: 'plan-siting-fields', 'data-field': 'candidates' },
    h('legend', { text: t('plan.run.siting') }),
    h('div', { class: 'grid' }, field(t('plan.run.candidates'), candKind), field(t('plan.run.candidateSet'), candSet), field(t('plan.run.spacing'), spacing), field(t('plan.run.k'), k), field(t('plan.run.target'), target, t('plan.run.targetHint')), field(t('plan.run.method'), method, t('plan.run.methodHint')), field(t('plan.run.timeLimit'), limit)),
    h('div', { class: 'check' }, keep, h('label', { for: 'plan-keep', text: t('plan.run.keep') })),
    h('div', { class: 'check' }, overflow, h('label', { for: 'plan-overflow', text: t('plan.run.overflow') })),
    h('div', { class: 'grid' }, field(t('plan.run.overflowDays'), days), field(t('plan.run.overflowFactor'), factor))
  );
  const form = h(
    'form',
    { id: 'plan-run-form', class: 'plan-form', novalidate: true },
    h('div', { class: 'grid' }, field(t('plan.run.kind'), kind), field(t('plan.run.name'), name), field(t('plan.run.demand'), demand), field(t('plan.run.radius'), radius)),
    siteFields,
    formErrorBox(),
    h('div', { class: 'actions' }, submit)
  );
  const show = (control, on) => {
    control.closest('.field').hidden = !on;
  };
  const sync = () => {
    const siting = kind.value !== 'coverage';
    siteFields.hidden = !siting;
    show(candSet, candKind.value === 'set');
    show(spacing, candKind.value === 'grid');
    show(k, kind.value === 'mclp' || kind.value === 'p_median');
    show(target, kind.value === 'lscp');
    show(days, overflow.checked);
    show(factor, overflow.checked);
  };
  for (const c of [kind, candKind, overflow]) {
    c.addEventListener('change', sync);
  }
  sync();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    const body = { kind: kind.value, name: name.value.trim() || t('plan.kind.' + kind.value) + ' · ' + demand.value, demand: demand.value, radius_m: Number(radius.value) || 1000 };
    if (kind.value !== 'coverage') {
      body.candidates = candKind.value === 'set' ? { set: candSet.value } : candKind.value === 'grid' ? { grid_spacing_m: Number(spacing.value) || 500 } : { at_demand: true };
      if (kind.value === 'lscp') {
        body.target_share = (Number(target.value) || 90) / 100;
      } else {
        body.k = Math.round(Number(k.value) || 10);
      }
      body.method = method.value;
      body.time_limit_s = Number(limit.value) || 60;
      body.keep_existing = keep.checked;
      if (overflow.checked) {
        body.overflow = { days: Math.round(Number(days.value) || 28), factor: Number(factor.value) || 1 };
      }
    }
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const run = await api('/planning/runs', { method: 'POST', json: body, signal: ctx.signal });
      location.hash = '#/planning/runs/' + encodeURIComponent(run.id);
    } catch (error) {
      showFormError(form, error, t('plan.run.failed'), { overflow: ['overflow_days'], 'overflow.days': ['overflow_days'], 'overflow.factor': ['overflow_factor'] });
    } finally {
      submit.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}

export async function loadRuns(ctx, box) {
  try {
    const data = await api('/planning/runs', { signal: ctx.signal });
    const runs = (data && data.runs) || [];
    if (!runs.length) {
      fill(box, h('p', { class: 'muted', text: t('plan.runs.none') }));
      return;
    }
    fill(
      box,
      table(
        'plan-run-table',
        t('plan.runs.caption'),
        [t('plan.runs.name'), t('plan.runs.kind'), t('plan.runs.state'), { text: t('plan.runs.progress'), num: true }, t('plan.runs.submitted'), t('plan.runs.owner')],
        runs.map((r) => [
            h('a', { href: '#/planning/runs/' + encodeURIComponent(r.id), text: r.name || r.id }),
            t('plan.kind.' + r.kind),
            h('span', { class: 'badge run-' + r.state, 'data-code': r.state, text: t('plan.state.' + r.state) }),
            { text: Math.round((r.fraction || 0) * 100) + '%', num: true },
            fmtTime(r.submitted_at),
            r.owner || '',
          ])
      )
    );
  } catch (error) {
    if (!isAbort(error)) {
      fill(box, h('p', { class: 'notice', text: t('plan.runs.loadFailed') }));
    }
  }
}
