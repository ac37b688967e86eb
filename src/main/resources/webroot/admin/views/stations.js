/*
 * Stations: a paged list, the editor (create, and edit guarded by If-Match with the ETag the page
 * loaded, so a change made meanwhile by someone else is never overwritten silently), and the
 * station's occupancy and temperature over the last day and week.
 */
import { t, lang } from '../i18n.js';
import {
  fill,
  api,
  h,
  field,
  select,
  link,
  route,
  reportError,
  say,
  showFormError,
  clearFormErrors,
  formErrorBox,
  stationName,
  isAbort,
} from '../core.js';
import { lineChart } from '../chart.js';
import { stationThresholds } from './thresholds.js';

const PAGE = 100;
const KINDS = ['urban_rest_station', 'drivers_home', 'workers_home', 'mother_baby_room', 'mine_station', 'service_area_station'];
const AMENITIES = [
  'drinking_water', 'meal_heating', 'air_conditioning', 'heating', 'toilet', 'phone_charging', 'battery_swap',
  'medicine_kit', 'aed', 'umbrella_loan', 'reading_corner', 'wifi', 'shower', 'laundry', 'truck_parking',
];
const STATUSES = ['active', 'temporarily_closed', 'closed'];
const TEXT_FIELDS = ['name_zh', 'name_en', 'city', 'district', 'address', 'opening_hours', 'phone', 'photo_url', 'operator'];
const GEOJSON = 'application/geo+json';

// ------------------------------------------------------------------ list

export const stationListView = {
  render(ctx) {
    const page = Math.max(0, parseInt(ctx.query.page || '0', 10) || 0);
    const admin = ctx.session.role !== 'planner';
    const openInput = h('input', { name: 'id', autocomplete: 'off', spellcheck: 'false', required: true });
    const openForm = h(
      'form',
      { class: 'filters', role: 'search', 'aria-label': t('stations.openById') },
      field(t('stations.openById'), openInput),
      h('div', { class: 'actions' }, h('button', { type: 'submit', text: t('common.open') }))
    );
    openForm.addEventListener('submit', (event) => {
      event.preventDefault();
      if (openInput.value.trim()) {
        location.hash = '#/stations/' + encodeURIComponent(openInput.value.trim());
      }
    });
    const summary = h('p', { class: 'muted', 'aria-live': 'polite', text: t('common.loading') });
    const list = h('div', { class: 'table-wrap' });
    const pager = h('nav', { class: 'pager', 'aria-label': t('common.pages') });
    ctx.root.append(
      h('div', { class: 'view-head' }, h('h2', { text: t('stations.title') }), admin ? h('a', { class: 'button primary', href: '#/stations/new', text: t('stations.new') }) : null),
      openForm,
      summary,
      list,
      pager
    );
    (async () => {
      try {
        const data = await api('/stations?include_closed=true&limit=' + PAGE + '&offset=' + page * PAGE, { signal: ctx.signal });
        const features = data.features || [];
        const matched = typeof data.numberMatched === 'number' ? data.numberMatched : features.length;
        summary.textContent = matched ? t('stations.showing', { from: page * PAGE + 1, to: page * PAGE + features.length, total: matched }) : t('stations.none');
        fill(list, features.length ? stationTable(features) : h('span'));
        const pages = Math.max(1, Math.ceil(matched / PAGE));
        fill(pager,
          page > 0 ? h('a', { class: 'button', href: route('/stations', { page: page - 1 || '' }), text: t('common.prev') }) : null,
          h('span', { class: 'page-no', text: t('common.pageOf', { page: page + 1, pages }) }),
          page + 1 < pages ? h('a', { class: 'button', href: route('/stations', { page: page + 1 }), text: t('common.next') }) : null
        );
      } catch (error) {
        if (!isAbort(error)) {
          summary.textContent = t('stations.loadFailed');
          reportError(error, t('stations.loadFailed'));
        }
      }
    })();
  },
};

function stationTable(features) {
  const cols = ['field.id', 'field.name', 'field.city', 'field.district', 'field.kind', 'field.status'];
  return h(
    'table',
    { class: 'data', id: 'station-table' },
    h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col', text: t(k) })))),
    h(
      'tbody',
      {},
      features.map((f) => {
        const p = f.properties || {};
        return h(
          'tr',
          { 'data-station-id': p.id },
          h('td', {}, link('/stations/' + encodeURIComponent(p.id), null, p.id, { class: 'mono' })),
          h('td', { text: stationName(p, lang()) }),
          h('td', { text: p.city || '' }),
          h('td', { text: p.district || '' }),
          h('td', { text: t('stationKind.' + p.kind) }),
          h('td', { text: t('stationStatus.' + (p.status || 'active')) })
        );
      })
    )
  );
}

// ------------------------------------------------------------------ editor

export const stationView = {
  render(ctx) {
    const id = ctx.isNew ? null : ctx.params[0];
    const canEdit = ctx.session.role !== 'planner';
    const head = h('h2', { id: 'station-title', text: id ? t('station.title', { id }) : t('station.newTitle') });
    const links = h('div', { class: 'head-links' });
    const editorSlot = h('div', {}, id ? h('p', { class: 'muted', text: t('common.loading') }) : null);
    const historySlot = h('div', {});
    const thresholdSlot = h('div', {});
    ctx.root.append(h('div', { class: 'view-head' }, head, links), editorSlot, thresholdSlot, historySlot);
    if (!id) {
      fill(editorSlot, editor(ctx, null, null, canEdit));
      return;
    }
    links.append(
      link('/devices', { station_id: id }, t('station.devices'), { class: 'button' }),
      canEdit ? link('/provision', { station: id }, t('station.provision'), { class: 'button' }) : null,
      canEdit ? link('/feedback', { status: 'all', station_id: id }, t('station.feedback'), { class: 'button' }) : null
    );
    (async () => {
      try {
        const answer = await api('/stations/' + encodeURIComponent(id), { signal: ctx.signal, full: true });
        head.textContent = t('station.title', { id: stationName(answer.data.properties, lang()) });
        fill(editorSlot, editor(ctx, answer.data, answer.headers.get('ETag'), canEdit));
        fill(historySlot, history(ctx, id, answer.data.properties));
        if (canEdit) {
          fill(thresholdSlot, stationThresholds(ctx, id));
        }
      } catch (error) {
        if (!isAbort(error)) {
          fill(editorSlot, h('p', { class: 'notice', text: error.status === 404 ? t('station.notFound', { id }) : t('station.loadFailed') }));
          reportError(error, t('station.loadFailed'));
        }
      }
    })();
  },
};

/** The station form; {@code feature} null for a new station. */
function editor(ctx, feature, etag, canEdit) {
  const props = feature ? feature.properties || {} : {};
  const coords = feature && feature.geometry ? feature.geometry.coordinates || [] : [];
  let currentEtag = etag;
  const inputs = {};
  const text = (name, attrs) => (inputs[name] = h('input', Object.assign({ name, value: props[name] || '', autocomplete: 'off' }, attrs || {})));
  const idInput = h('input', { name: 'id', autocomplete: 'off', spellcheck: 'false', pattern: '[a-z0-9][a-z0-9-]{0,63}' });
  const lon = h('input', { name: 'lon', type: 'number', step: 'any', min: '-180', max: '180', required: true, value: coords[0] === undefined ? '' : coords[0] });
  const lat = h('input', { name: 'lat', type: 'number', step: 'any', min: '-90', max: '90', required: true, value: coords[1] === undefined ? '' : coords[1] });
  const capacity = h('input', { name: 'capacity', type: 'number', min: '1', step: '1', required: true, value: props.capacity === undefined ? '' : props.capacity });
  const kind = select('kind', KINDS, 'stationKind.', props.kind || 'urban_rest_station');
  const status = select('status', STATUSES, 'stationStatus.', props.status || 'active');
  const stars = select('star_rating', ['1', '2', '3', '4', '5'], 'stars.', props.star_rating ? String(props.star_rating) : '', t('common.none'));
  const have = new Set(props.amenities || []);
  const amenities = h(
    'fieldset',
    { class: 'amenities', 'data-field': 'amenities' },
    h('legend', { text: t('field.amenities') }),
    AMENITIES.map((code) =>
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'amenities', value: code, checked: have.has(code) }), ' ', t('amenity.' + code))
    )
  );
  const version = h('p', { class: 'muted', id: 'station-version', text: feature ? t('station.version', { v: props.version }) : '' });
  const conflict = h('div', { class: 'conflict', id: 'station-conflict', role: 'alert', hidden: true });
  const save = h('button', { type: 'submit', class: 'primary', id: 'station-save', text: feature ? t('common.save') : t('station.create') });
  const closeButton = feature && props.status !== 'closed' ? h('button', { type: 'button', class: 'danger', id: 'station-close', text: t('station.close') }) : null;
  const form = h(
    'form',
    { id: 'station-form', class: 'card station-form', novalidate: true },
    version,
    feature ? null : field(t('field.id'), idInput, t('station.idHint')),
    h(
      'div',
      { class: 'grid' },
      field(t('field.nameZh'), text('name_zh', { required: true, lang: 'zh-CN' })),
      field(t('field.nameEn'), text('name_en', { lang: 'en' })),
      field(t('field.kind'), kind),
      field(t('field.status'), status),
      field(t('field.lon'), lon, t('station.lonHint')),
      field(t('field.lat'), lat, t('station.latHint')),
      field(t('field.city'), text('city'), t('station.cityHint')),
      field(t('field.district'), text('district'), t('station.districtHint')),
      field(t('field.address'), text('address')),
      field(t('field.capacity'), capacity),
      field(t('field.openingHours'), text('opening_hours', { required: true, spellcheck: 'false' }), t('station.hoursHint')),
      field(t('field.phone'), text('phone', { type: 'tel' })),
      field(t('field.photoUrl'), text('photo_url', { inputmode: 'url', spellcheck: 'false', maxlength: '500' }), t('station.photoUrlHint')),
      field(t('field.operator'), text('operator')),
      field(t('field.stars'), stars)
    ),
    amenities,
    conflict,
    formErrorBox(),
    h('div', { class: 'actions' }, canEdit ? save : null, canEdit ? closeButton : null)
  );
  if (!canEdit) {
    for (const control of form.querySelectorAll('input, select')) {
      control.disabled = true;
    }
  }

  const fillFrom = (f, newEtag) => {
    const p = f.properties || {};
    for (const name of TEXT_FIELDS) {
      inputs[name].value = p[name] || '';
    }
    lon.value = f.geometry.coordinates[0];
    lat.value = f.geometry.coordinates[1];
    capacity.value = p.capacity;
    kind.value = p.kind;
    status.value = p.status || 'active';
    stars.value = p.star_rating ? String(p.star_rating) : '';
    const set = new Set(p.amenities || []);
    for (const box of amenities.querySelectorAll('input')) {
      box.checked = set.has(box.value);
    }
    currentEtag = newEtag;
    version.textContent = t('station.version', { v: p.version });
  };

  const body = () => {
    const properties = {};
    if (!feature && idInput.value.trim()) {
      properties.id = idInput.value.trim();
    }
    for (const name of TEXT_FIELDS) {
      const v = inputs[name].value.trim();
      if (v) {
        properties[name] = v;
      }
    }
    properties.kind = kind.value;
    properties.status = status.value;
    properties.capacity = capacity.value === '' ? null : Number(capacity.value);
    if (stars.value) {
      properties.star_rating = Number(stars.value);
    }
    properties.amenities = [...amenities.querySelectorAll('input:checked')].map((b) => b.value);
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon.value === '' ? null : Number(lon.value), lat.value === '' ? null : Number(lat.value)] },
      properties,
    };
  };

  const showConflict = () => {
    const reload = h('button', { type: 'button', id: 'station-reload', text: t('station.reloadLatest') });
    reload.addEventListener('click', async () => {
      try {
        const answer = await api('/stations/' + encodeURIComponent(props.id), { signal: ctx.signal, full: true });
        fillFrom(answer.data, answer.headers.get('ETag'));
        conflict.hidden = true;
        say(t('station.reloaded'), 'info');
      } catch (error) {
        reportError(error, t('station.loadFailed'));
      }
    });
    fill(conflict, h('p', { text: t('station.conflict') }), reload);
    conflict.hidden = false;
    say(t('station.conflictShort'), 'error');
  };

  const aliases = { geometry: ['lon', 'lat'], 'properties.lat': ['lat'], 'properties.lon': ['lon'] };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    conflict.hidden = true;
    save.disabled = true;
    try {
      if (feature) {
        const answer = await api('/stations/' + encodeURIComponent(props.id), {
          method: 'PUT',
          body: JSON.stringify(body()),
          headers: { 'Content-Type': GEOJSON, 'If-Match': currentEtag || '' },
          signal: ctx.signal,
          full: true,
        });
        fillFrom(answer.data, answer.headers.get('ETag'));
        say(t('station.saved', { v: answer.data.properties.version }), 'ok');
      } else {
        const created = await api('/stations', {
          method: 'POST',
          body: JSON.stringify(body()),
          headers: { 'Content-Type': GEOJSON },
          signal: ctx.signal,
        });
        say(t('station.created', { id: created.properties.id }), 'ok', true);
        location.hash = '#/stations/' + encodeURIComponent(created.properties.id);
      }
    } catch (error) {
      if (error.status === 412) {
        showConflict();
      } else if (error.status === 428) {
        showFormError(form, error, t('station.needsEtag'));
      } else {
        showFormError(form, error, t('station.saveFailed'), aliases);
      }
    } finally {
      save.disabled = false;
    }
  });

  if (closeButton) {
    closeButton.addEventListener('click', async () => {
      if (!window.confirm(t('station.confirmClose', { name: props.name_zh || props.id }))) {
        return;
      }
      try {
        const answer = await api('/stations/' + encodeURIComponent(props.id), {
          method: 'DELETE',
          headers: { 'If-Match': currentEtag || '' },
          signal: ctx.signal,
          full: true,
        });
        fillFrom(answer.data, answer.headers.get('ETag'));
        closeButton.remove();
        say(t('station.closed'), 'ok');
      } catch (error) {
        if (error.status === 412) {
          showConflict();
        } else {
          reportError(error, t('station.closeFailed'));
        }
      }
    });
  }
  return form;
}

// ------------------------------------------------------------------ history

const RANGES = {
  day: { bucket: '15m', spanMs: 24 * 3600 * 1000, bucketMs: 15 * 60 * 1000, ticks: 'day' },
  week: { bucket: '1h', spanMs: 7 * 24 * 3600 * 1000, bucketMs: 3600 * 1000, ticks: 'week' },
};

function history(ctx, id, props) {
  const charts = h('div', { class: 'charts', id: 'history-charts', 'aria-live': 'polite' });
  const buttons = Object.keys(RANGES).map((key) =>
    h('button', { type: 'button', class: 'tab', 'data-range': key, 'aria-pressed': 'false', text: t('history.' + key) })
  );
  const section = h(
    'section',
    { class: 'card', 'aria-labelledby': 'history-title' },
    h('h3', { id: 'history-title', text: t('history.title') }),
    h('div', { class: 'tabs', role: 'group', 'aria-label': t('history.range') }, buttons),
    charts
  );
  let seq = 0;
  const show = async (key) => {
    const mine = ++seq;
    for (const b of buttons) {
      b.setAttribute('aria-pressed', String(b.dataset.range === key));
    }
    const r = RANGES[key];
    const to = Math.ceil(Date.now() / r.bucketMs) * r.bucketMs;
    const from = to - r.spanMs;
    fill(charts, h('p', { class: 'muted', text: t('common.loading') }));
    try {
      const params = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), bucket: r.bucket });
      const data = await api('/stations/' + encodeURIComponent(id) + '/readings?' + params, { signal: ctx.signal });
      if (mine !== seq) {
        return;
      }
      charts.setAttribute('data-range', key);
      fill(charts, ...drawHistory(data.buckets || [], from, to, r, props));
    } catch (error) {
      if (!isAbort(error) && mine === seq) {
        fill(charts, h('p', { class: 'notice', text: t('history.loadFailed') }));
        reportError(error, t('history.loadFailed'));
      }
    }
  };
  for (const b of buttons) {
    b.addEventListener('click', () => show(b.dataset.range));
  }
  show('day');
  return section;
}

function drawHistory(buckets, from, to, range, props) {
  const readings = buckets.reduce((n, b) => n + (b.readings || 0), 0);
  const summary = h('p', { class: 'muted', id: 'history-summary', text: readings ? t('history.readings', { n: readings, buckets: buckets.length }) : t('history.empty') });
  if (!buckets.length) {
    return [summary];
  }
  const at = (b) => new Date(b.start).getTime();
  const occupancy = lineChart({
    label: t('history.occupancy'),
    from,
    to,
    bucketMs: range.bucketMs,
    ticks: range.ticks,
    minY: 0,
    maxY: 1,
    unit: '',
    refs: typeof props.capacity === 'number' ? [{ value: props.capacity, label: t('history.capacity', { n: props.capacity }) }] : [],
    series: [
      { label: t('history.avg'), className: 's-avg', points: buckets.map((b) => [at(b), b.occupancy_avg]) },
      { label: t('history.max'), className: 's-max', dashed: true, points: buckets.map((b) => [at(b), b.occupancy_max]) },
    ],
  });
  occupancy.id = 'chart-occupancy';
  const temperature = lineChart({
    label: t('history.temperature'),
    from,
    to,
    bucketMs: range.bucketMs,
    ticks: range.ticks,
    minY: Infinity,
    maxY: -Infinity,
    unit: '°',
    series: [
      { label: t('history.avg'), className: 's-temp', points: buckets.map((b) => [at(b), b.temperature_c_avg]) },
      { label: t('history.min'), className: 's-min', dashed: true, points: buckets.map((b) => [at(b), b.temperature_c_min]) },
      { label: t('history.max'), className: 's-max', dashed: true, points: buckets.map((b) => [at(b), b.temperature_c_max]) },
    ],
  });
  temperature.id = 'chart-temperature';
  return [summary, occupancy, temperature];
}
