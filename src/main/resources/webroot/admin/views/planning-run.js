/*
 * One run: its progress live over Server-Sent Events (the session cookie goes with the
 * EventSource, as it is same-origin), a Cancel button, and once it ends its answer: coverage,
 * the proof of quality, the sites, the map, exports and "save as scenario". A kept scenario opens
 * in the same layout from its stored document.
 */
import { t } from '../i18n.js';
import { api, h, fill, field, say, reportError, showFormError, clearFormErrors, formErrorBox, fmtTime, isAbort } from '../core.js';
import { PLAN_URL, phaseText, subNav, coverageSection, sitingSection, sitesTable, notesList, exportLinks } from './planning-common.js';
import { resultMap } from './planning-map.js';

const ENDED = ['done', 'failed', 'cancelled'];

export const planRunView = {
  async render(ctx) {
    const id = ctx.params[0];
    const head = h('h2', { text: t('plan.run.heading') });
    const progressBox = h('section', { class: 'card plan-progress', id: 'plan-progress', 'aria-labelledby': 'plan-progress-h' });
    const resultBox = h('div', { id: 'plan-result' });
    ctx.root.append(h('div', { class: 'view-head' }, head), subNav(''), progressBox, resultBox);

    const bar = h('progress', { id: 'plan-progress-bar', max: '100', value: '0', 'aria-labelledby': 'plan-progress-h' });
    const phase = h('p', { id: 'plan-phase', 'aria-live': 'polite' });
    const cancel = h('button', { type: 'button', class: 'danger', id: 'plan-cancel', text: t('plan.run.cancel') });
    fill(progressBox, h('h3', { id: 'plan-progress-h', text: t('plan.run.progress') }), bar, phase, h('div', { class: 'actions' }, cancel));

    let source = null;
    let shown = false;
    const closeSource = () => {
      if (source) {
        source.close();
        source = null;
      }
    };
    ctx.onLeave(closeSource);

    const update = (run) => {
      head.textContent = t('plan.run.headingNamed', { name: run.name || run.id });
      const percent = Math.round((run.fraction || 0) * 100);
      bar.value = percent;
      bar.textContent = percent + '%';
      phase.textContent = t('plan.run.state', { state: t('plan.state.' + run.state), percent, phase: phaseText(run.phase) });
      progressBox.setAttribute('data-state', run.state);
      cancel.hidden = ENDED.includes(run.state);
      if (run.error) {
        phase.textContent += ' — ' + run.error;
      }
    };
    const finish = async () => {
      if (shown) {
        return;
      }
      shown = true;
      closeSource();
      const run = await api('/planning/runs/' + encodeURIComponent(id), { signal: ctx.signal });
      update(run);
      if (run.result) {
        await showResult(ctx, resultBox, run, { runId: run.id, save: true });
      }
    };

    cancel.addEventListener('click', async () => {
      cancel.disabled = true;
      try {
        update(await api('/planning/runs/' + encodeURIComponent(id), { method: 'DELETE', signal: ctx.signal }));
        say(t('plan.run.cancelled'), 'info');
      } catch (error) {
        reportError(error, t('plan.run.cancelFailed'));
      } finally {
        cancel.disabled = false;
      }
    });

    let run;
    try {
      run = await api('/planning/runs/' + encodeURIComponent(id), { signal: ctx.signal });
    } catch (error) {
      if (error.status === 404) {
        fill(progressBox, h('p', { class: 'notice', id: 'plan-run-gone', text: t('plan.run.gone') }));
        return;
      }
      throw error;
    }
    update(run);
    if (ENDED.includes(run.state)) {
      await finish();
      return;
    }
    source = new EventSource(PLAN_URL + '/runs/' + encodeURIComponent(id) + '/events');
    source.addEventListener('run', (event) => {
      let v;
      try {
        v = JSON.parse(event.data);
      } catch (ignored) {
        return;
      }
      update(v);
      if (ENDED.includes(v.state)) {
        finish().catch((error) => reportError(error, t('plan.run.loadFailed')));
      }
    });
    source.addEventListener('error', () => {
      // The stream ended or broke: ask once how the run stands (EventSource would retry anyway).
      api('/planning/runs/' + encodeURIComponent(id), { signal: ctx.signal })
        .then((v) => {
          update(v);
          if (ENDED.includes(v.state)) {
            return finish();
          }
          return null;
        })
        .catch((error) => {
          if (!isAbort(error)) {
            closeSource();
            reportError(error, t('plan.run.loadFailed'));
          }
        });
    });
  },
};

/** A kept scenario, from its stored document: the same answer layout, and links to its report. */
export const planScenarioView = {
  async render(ctx) {
    const name = ctx.params[0];
    const s = await api('/planning/scenarios/' + encodeURIComponent(name), { signal: ctx.signal });
    const run = s.run || {};
    const box = h('div', { id: 'plan-result' });
    ctx.root.append(
      h('div', { class: 'view-head' }, h('h2', { text: t('plan.scenario.heading', { name: s.name }) })),
      subNav(''),
      h(
        'p',
        { class: 'head-links' },
        t('plan.scenario.meta', { kind: t('plan.kind.' + s.kind), owner: s.owner || '', time: fmtTime(s.created_at) }),
        ' · ',
        h('a', { href: '#/planning/report/' + encodeURIComponent(s.name), id: 'plan-report-link', text: t('plan.report.open') })
      ),
      box
    );
    if (run.result) {
      await showResult(ctx, box, run, { runId: run.id, save: false });
    }
  },
};

/** The answer of a run: summary, coverage, quality, sites, notes, map, exports, save. */
export async function showResult(ctx, box, run, options) {
  const result = run.result;
  const mapBox = h('section', { class: 'card plan-map-card', 'aria-labelledby': 'plan-map-h' });
  fill(
    box,
    h('div', { class: 'card' }, coverageSection(result, 'plan'), sitingSection(result, 'plan'), h('h3', { text: t('plan.sites.title') }), sitesTable(result, 'plan'), notesList(result)),
    mapBox,
    options.runId ? h('div', { class: 'card' }, exportLinks(options.runId)) : null,
    options.save ? saveForm(ctx, run) : null
  );
  box.setAttribute('data-done', 'true');
  try {
    await resultMap(ctx, mapBox, result, options.runId, 'plan');
  } catch (error) {
    if (!isAbort(error)) {
      reportError(error, t('plan.map.failed'));
    }
  }
}

function saveForm(ctx, run) {
  const name = h('input', { name: 'name', required: true, autocomplete: 'off', value: run.name || '' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'plan-save-submit', text: t('plan.scenario.save') });
  const form = h(
    'form',
    { id: 'plan-save-form', class: 'card plan-form no-print', novalidate: true },
    h('h3', { text: t('plan.scenario.saveTitle') }),
    field(t('plan.scenario.name'), name),
    formErrorBox(),
    h('div', { class: 'actions' }, submit)
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    submit.disabled = true;
    try {
      const s = await api('/planning/scenarios', { method: 'POST', json: { run_id: run.id, name: name.value.trim() }, signal: ctx.signal });
      say(t('plan.scenario.saved', { name: s.name }), 'ok', true);
      location.hash = '#/planning/scenarios/' + encodeURIComponent(s.name);
    } catch (error) {
      showFormError(form, error, t('plan.scenario.saveFailed'));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
