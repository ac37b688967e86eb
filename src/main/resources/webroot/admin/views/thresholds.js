/*
 * Alert thresholds: a station's overrides (on the station page, for its admins) and the global
 * values (their own page, for super admins). One form serves both: eight fields, each showing the
 * value in force and where it comes from; the server validates and names any bad field.
 */
import { t } from '../i18n.js';
import { fill, api, h, field, reportError, say, showFormError, clearFormErrors, formErrorBox, isAbort, timeAgo } from '../core.js';

const FIELDS = [
  ['too_hot_c', 0.5],
  ['too_hot_minutes', 1],
  ['too_cold_c', 0.5],
  ['too_cold_minutes', 1],
  ['overfull_pct', 1],
  ['overfull_minutes', 1],
  ['open_no_data_minutes', 1],
  ['closed_occupied_minutes', 1],
];

/**
 * The form. {@code mode.load()} answers {values, effective, sourceOf(code)}, {@code mode.save(body)}
 * and {@code mode.reset()} answer the same after the change; {@code mode.after(answer)} shows
 * anything else the answer carries.
 */
function thresholdForm(ctx, id, mode) {
  const inputs = {};
  const marks = {};
  const fields = FIELDS.map(([code, step]) => {
    inputs[code] = h('input', { name: code, type: 'number', step: String(step), inputmode: 'decimal', required: mode.required });
    marks[code] = h('small', { class: 'muted threshold-source', 'data-source-of': code });
    const wrap = field(t('thresholdField.' + code), inputs[code]);
    wrap.append(marks[code]);
    return wrap;
  });
  const save = h('button', { type: 'submit', class: 'primary', text: t('thresholds.save') });
  const reset = h('button', { type: 'button', id: 'thresholds-reset', text: t(mode.resetLabel) });
  const form = h(
    'form',
    { class: 'station-form thresholds', id: 'threshold-form', novalidate: true },
    formErrorBox(),
    h('p', { class: 'muted', text: t(mode.hint) }),
    h('div', { class: 'grid' }, fields),
    h('div', { class: 'actions' }, save, reset)
  );
  const show = (answer) => {
    const shown = mode.read(answer);
    for (const [code] of FIELDS) {
      const own = shown.values[code];
      inputs[code].value = own === null || own === undefined ? '' : String(own);
      inputs[code].placeholder = String(shown.effective[code]);
      const overridden = shown.overridden(code);
      marks[code].textContent = t(overridden ? mode.ownLabel : mode.inheritedLabel) + ' · ' + t('thresholds.effective', { value: shown.effective[code] });
      marks[code].setAttribute('data-overridden', overridden ? 'true' : 'false');
    }
    mode.after(answer);
  };
  const run = async (action) => {
    clearFormErrors(form);
    save.disabled = true;
    reset.disabled = true;
    try {
      show(await action.call());
      say(t(action.done), 'ok');
    } catch (error) {
      showFormError(form, error, t('thresholds.saveFailed'));
    } finally {
      save.disabled = false;
      reset.disabled = false;
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = {};
    for (const [code] of FIELDS) {
      const raw = inputs[code].value.trim();
      if (raw === '' && mode.required) {
        continue; // a partial update: the global value stays
      }
      // A value the browser cannot read as a number goes as text, so the server names the field.
      body[code] = raw === '' ? null : Number.isFinite(Number(raw)) ? Number(raw) : raw;
    }
    run({ call: () => mode.save(body), done: 'thresholds.saved' });
  });
  reset.addEventListener('click', () => run({ call: () => mode.reset(), done: 'thresholds.resetDone' }));
  (async () => {
    try {
      show(await mode.load());
    } catch (error) {
      if (!isAbort(error)) {
        reportError(error, t('thresholds.loadFailed'));
      }
    }
  })();
  return form;
}

/** A station's overrides, with the conditions the server sees as active there now. */
export function stationThresholds(ctx, id) {
  const path = '/stations/' + encodeURIComponent(id) + '/thresholds';
  const active = h('div', { id: 'station-conditions', 'aria-live': 'polite' });
  const unset = (v) => v === null || v === undefined;
  const form = thresholdForm(ctx, id, {
    required: false,
    hint: 'thresholds.hint',
    resetLabel: 'thresholds.reset',
    ownLabel: 'thresholds.overridden',
    inheritedLabel: 'thresholds.inherited',
    read: (data) => ({ values: data.overrides, effective: data.effective, overridden: (code) => !unset(data.overrides[code]) }),
    load: () => api(path, { signal: ctx.signal }),
    save: (body) => api(path, { method: 'PUT', json: body, signal: ctx.signal }),
    reset: () => api(path, { method: 'DELETE', signal: ctx.signal }),
    after: (data) => {
      const list = data.active_conditions || [];
      fill(
        active,
        h('h4', { text: t('thresholds.active') }),
        list.length
          ? h('ul', {}, list.map((c) => h('li', { 'data-kind': c.kind }, h('strong', { text: t('alertKind.' + c.kind) }), ' ', timeAgo(c.since), ' ', c.detail || '')))
          : h('p', { class: 'muted', text: t('thresholds.noneActive') })
      );
    },
  });
  return h(
    'section',
    { class: 'card', id: 'thresholds', 'aria-labelledby': 'thresholds-title' },
    h('h3', { id: 'thresholds-title', text: t('thresholds.title') }),
    form,
    active
  );
}

/** The global thresholds, for super admins: a field left empty keeps its value. */
export const thresholdsView = {
  render(ctx) {
    const note = h('p', { class: 'muted', id: 'threshold-overrides' });
    let defaults = null;
    const form = thresholdForm(ctx, null, {
      required: true,
      hint: 'thresholds.globalHint',
      resetLabel: 'thresholds.toDefaults',
      ownLabel: 'thresholds.changed',
      inheritedLabel: 'thresholds.default',
      read: (data) => {
        defaults = data.defaults || defaults;
        return {
          values: data.global,
          effective: data.global,
          overridden: (code) => defaults && data.global[code] !== defaults[code],
        };
      },
      load: () => api('/thresholds', { signal: ctx.signal }),
      save: (body) => api('/thresholds', { method: 'PUT', json: body, signal: ctx.signal }),
      reset: () => api('/thresholds', { method: 'PUT', json: defaults || {}, signal: ctx.signal }),
      after: (data) => {
        if (typeof data.stations_with_overrides === 'number') {
          note.textContent = t('thresholds.overrides', { n: data.stations_with_overrides });
        }
      },
    });
    ctx.root.append(
      h('div', { class: 'view-head' }, h('h2', { text: t('thresholds.globalTitle') })),
      h('section', { class: 'card', id: 'thresholds' }, form, note)
    );
  },
};
