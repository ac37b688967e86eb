/*
 * Heat and cold warnings: set one for a city (kind, level, period, as the meteorological service
 * issued it), end or delete it; and while one is in force, the stations of the warned city that
 * need attention now: too hot (too cold) inside, closed, or with their devices offline. Reads what
 * the other views read: the station list with its live values and the fleet's health per station.
 */
import { t } from '../i18n.js';
import { fill, api, h, field, select, reportError, say, showFormError, clearFormErrors, formErrorBox, fmtTime, isAbort } from '../core.js';

const KINDS = ['heat', 'cold'];
const LEVELS = ['blue', 'yellow', 'orange', 'red'];
/* The comfort band the server ranks the phone map by (docs/api.md): 16–28 °C. */
const COMFORT_MIN_C = 16;
const COMFORT_MAX_C = 28;

/** A datetime-local value read as China time, as the API wants it. */
function chinaTime(value) {
  return value ? value + (value.length === 16 ? ':00' : '') + '+08:00' : '';
}

/** Now plus hours, as a datetime-local value in China time. */
function localValue(hoursAhead) {
  const d = new Date(Date.now() + 8 * 3600 * 1000 + hoursAhead * 3600 * 1000);
  return d.toISOString().slice(0, 16);
}

/** Why a station of a warned city needs attention, as dictionary keys; empty when none. */
function problems(kind, props, health) {
  const out = [];
  const live = props.live || {};
  const c = live.temperature_c;
  if (typeof c === 'number' && kind === 'heat' && c > COMFORT_MAX_C) {
    out.push(['warnings.tooHot', { value: c }]);
  }
  if (typeof c === 'number' && kind === 'cold' && c < COMFORT_MIN_C) {
    out.push(['warnings.tooCold', { value: c }]);
  }
  if (props.open_state && props.open_state !== 'open') {
    out.push(['warnings.closed', {}]);
  }
  if (health === 'offline' || health === 'never_seen') {
    out.push(['warnings.offline', {}]);
  }
  return out;
}

export const warningsView = {
  render(ctx) {
    const list = h('div', { id: 'warnings-list', 'aria-live': 'polite', text: t('common.loading') });
    const attention = h('div', { id: 'warnings-attention' });
    const refresh = h('button', { type: 'button', text: t('common.refresh') });
    ctx.root.append(
      h('div', { class: 'view-head' }, h('h2', { text: t('warnings.title') }), refresh),
      h('p', { class: 'muted', text: t('warnings.hint') }),
      createForm(),
      attention,
      h('h3', { text: t('warnings.all') }),
      list
    );
    refresh.addEventListener('click', load);
    load();

    function createForm() {
      const kind = select('kind', KINDS, 'warningKind.', 'heat');
      const level = select('level', LEVELS, 'warningLevel.', 'orange');
      const city = h('input', { name: 'city', required: true, autocomplete: 'off', list: 'warning-cities' });
      const cities = h('datalist', { id: 'warning-cities' });
      const from = h('input', { name: 'from', type: 'datetime-local', required: true, value: localValue(0) });
      const until = h('input', { name: 'until', type: 'datetime-local', required: true, value: localValue(6) });
      const save = h('button', { type: 'submit', class: 'primary', text: t('warnings.create') });
      const form = h(
        'form',
        { class: 'station-form', id: 'warning-form', novalidate: true },
        formErrorBox(),
        h(
          'div',
          { class: 'grid' },
          field(t('warnings.kind'), kind),
          field(t('warnings.level'), level, t('warnings.levelHint')),
          field(t('warnings.city'), city, t('warnings.cityHint')),
          field(t('warnings.from'), from),
          field(t('warnings.until'), until)
        ),
        cities,
        h('div', { class: 'actions' }, save)
      );
      api('/stations?limit=10000', { signal: ctx.signal }).then(
        (data) => {
          const names = new Set(data.features.map((f) => f.properties.city).filter(Boolean));
          fill(cities, [...names].sort().map((n) => h('option', { value: n })));
        },
        () => undefined
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearFormErrors(form);
        save.disabled = true;
        try {
          await api('/admin/warnings', {
            method: 'POST',
            json: {
              kind: kind.value,
              level: level.value,
              city: city.value.trim(),
              from: chinaTime(from.value),
              until: chinaTime(until.value),
            },
            signal: ctx.signal,
          });
          say(t('warnings.created'), 'ok');
          load();
        } catch (error) {
          showFormError(form, error, t('warnings.createFailed'));
        } finally {
          save.disabled = false;
        }
      });
      return form;
    }

    async function act(path, method, done) {
      try {
        await api(path, { method, signal: ctx.signal });
        say(t(done), 'ok');
        load();
      } catch (error) {
        reportError(error, t('warnings.actionFailed'));
      }
    }

    function row(w) {
      const actions = [];
      if (w.state !== 'past') {
        actions.push(
          h('button', { type: 'button', 'data-action': 'end', text: t('warnings.end'), onclick: () => act('/admin/warnings/' + w.id + '/end', 'POST', 'warnings.ended') })
        );
      }
      actions.push(
        h('button', { type: 'button', 'data-action': 'delete', text: t('warnings.delete'), onclick: () => act('/admin/warnings/' + w.id, 'DELETE', 'warnings.deleted') })
      );
      return h(
        'tr',
        { 'data-warning-id': String(w.id), 'data-state': w.state },
        h('td', { text: t('warningKind.' + w.kind) + ' · ' + t('warningLevel.' + w.level) }),
        h('td', { text: w.city }),
        h('td', { text: fmtTime(w.from) + ' – ' + fmtTime(w.ended_at || w.until) }),
        h('td', { text: t('warningState.' + w.state) }),
        h('td', { text: t('warningSource.' + w.source) + ' · ' + w.set_by }),
        h('td', {}, actions)
      );
    }

    async function load() {
      refresh.disabled = true;
      try {
        const data = await api('/admin/warnings', { signal: ctx.signal });
        const warnings = data.warnings || [];
        fill(
          list,
          warnings.length
            ? h(
                'table',
                { class: 'table' },
                h('thead', {}, h('tr', {}, ['warnings.what', 'warnings.city', 'warnings.period', 'warnings.state', 'warnings.source', 'warnings.actions'].map((k) => h('th', { text: t(k) })))),
                h('tbody', {}, warnings.map(row))
              )
            : h('p', { class: 'muted', text: t('warnings.none') }),
          data.feed ? h('p', { class: 'muted', id: 'warnings-feed', text: t('warnings.feed', { polled: fmtTime(data.feed.last_poll), error: data.feed.last_error || t('common.none') }) }) : null
        );
        await showAttention(warnings.filter((w) => w.state === 'in_force'));
      } catch (error) {
        if (!isAbort(error)) {
          reportError(error, t('warnings.loadFailed'));
        }
      } finally {
        refresh.disabled = false;
      }
    }

    async function showAttention(inForce) {
      if (!inForce.length) {
        fill(attention);
        return;
      }
      const [stations, fleet] = await Promise.all([
        api('/stations?limit=10000', { signal: ctx.signal }),
        api('/fleet/stations', { signal: ctx.signal }).catch(() => ({ features: [] })),
      ]);
      const health = new Map(fleet.features.map((f) => [f.properties.id, f.properties.health]));
      const sections = inForce.map((w) => {
        const rows = [];
        for (const f of stations.features) {
          const p = f.properties;
          if (p.city !== w.city) {
            continue;
          }
          const why = problems(w.kind, p, health.get(p.id));
          if (why.length) {
            rows.push(
              h(
                'li',
                { 'data-station-id': p.id },
                h('a', { href: '#/stations/' + encodeURIComponent(p.id), text: p.name_zh || p.id }),
                ': ',
                why.map(([key, values]) => t(key, values)).join(t('warnings.separator'))
              )
            );
          }
        }
        return h(
          'section',
          { class: 'warning-attention', 'data-city': w.city },
          h('h3', { text: t('warnings.attention', { city: w.city, warning: t('warningKind.' + w.kind) + ' · ' + t('warningLevel.' + w.level) }) }),
          rows.length ? h('ul', {}, rows) : h('p', { class: 'muted', text: t('warnings.allFine') })
        );
      });
      fill(attention, sections);
    }
  },
};
