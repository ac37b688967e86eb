/*
 * Storage, for super admins: which store keeps the readings, how long they are kept, whether each
 * maintenance task keeps up (a late one says so in words, not only in colour), and the disk the raw
 * readings take per day, with a bar per row scaled to the largest day.
 */
import { t } from '../i18n.js';
import { fill, api, h, reportError, fmtTime, fmtNumber, timeAgo, badge, isAbort } from '../core.js';

export const storageView = {
  render(ctx) {
    const summary = h('p', { class: 'muted', id: 'storage-summary', 'aria-live': 'polite', text: t('common.loading') });
    const body = h('div', { id: 'storage-body' });
    const refresh = h('button', { type: 'button', text: t('common.refresh') });
    ctx.root.append(h('div', { class: 'view-head' }, h('h2', { text: t('storage.title') }), refresh), summary, body);
    refresh.addEventListener('click', load);
    load();

    async function load() {
      refresh.disabled = true;
      try {
        const data = await api('/admin/storage', { signal: ctx.signal });
        const late = data.tasks.filter((task) => task.late);
        summary.textContent = t(late.length ? 'storage.summaryLate' : 'storage.summaryOk', {
          store: t('storage.store.' + data.store),
          n: late.length,
        });
        fill(body, settings(data), tasks(data.tasks), disk(data.disk));
      } catch (error) {
        if (!isAbort(error)) {
          summary.textContent = t('storage.loadFailed');
          reportError(error, t('storage.loadFailed'));
        }
      } finally {
        refresh.disabled = false;
      }
    }
  },
};

function keep(days) {
  return days === null || days === undefined ? t('storage.forever') : t('storage.days', { n: days });
}

function settings(data) {
  const r = data.retention;
  const row = (key, value) => [h('dt', { text: t(key) }), h('dd', { text: value })];
  return h(
    'section',
    { 'aria-labelledby': 'storage-settings-title' },
    h('h3', { id: 'storage-settings-title', text: t('storage.settings') }),
    h(
      'dl',
      { class: 'facts', id: 'storage-settings' },
      row('storage.storeLabel', t('storage.store.' + data.store)),
      row('storage.keepRaw', keep(r.raw_days)),
      row('storage.keep15m', keep(r.rollup_15m_days)),
      row('storage.keep1h', keep(r.rollup_1h_days)),
      row('storage.keep1d', keep(r.rollup_1d_days))
    )
  );
}

/** An interval in seconds as words: 10 s, 15 min, 1 h, 1 d. */
function every(seconds) {
  if (seconds % 86400 === 0) {
    return t('storage.everyD', { n: seconds / 86400 });
  }
  if (seconds % 3600 === 0) {
    return t('storage.everyH', { n: seconds / 3600 });
  }
  if (seconds % 60 === 0) {
    return t('storage.everyMin', { n: seconds / 60 });
  }
  return t('storage.everyS', { n: seconds });
}

function tasks(list) {
  const cols = ['storage.task', 'storage.state', 'storage.every', 'storage.lastSuccess', 'storage.lastFailure', 'storage.lastError'];
  return h(
    'section',
    { 'aria-labelledby': 'storage-tasks-title' },
    h('h3', { id: 'storage-tasks-title', text: t('storage.tasks') }),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data', id: 'storage-tasks' },
        h('caption', { text: t('storage.tasksCaption') }),
        h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col', text: t(k) })))),
        h(
          'tbody',
          {},
          list.map((task) => {
            const state = task.late ? 'late' : task.failing ? 'failing' : 'ok';
            return h(
              'tr',
              { 'data-task': task.name, 'data-late': task.late ? 'true' : 'false', class: task.late ? 'task-late' : null },
              h('th', { scope: 'row', class: 'mono', text: task.name }),
              h(
                'td',
                {},
                badge('task', state, t('storage.taskState.' + state)),
                task.late ? h('span', { class: 'muted', text: ' ' + t('storage.lateSince', { time: fmtTime(task.late_since) }) }) : null
              ),
              h('td', { text: every(task.every_s) }),
              h('td', {}, task.last_success ? timeAgo(task.last_success) : h('span', { class: 'muted', text: t('storage.never') })),
              h('td', {}, task.last_failure ? timeAgo(task.last_failure) : h('span', { class: 'muted', text: '—' })),
              h('td', { class: 'detail', text: task.last_error || '' })
            );
          })
        )
      )
    )
  );
}

/** Bytes as KB, MB or GB (powers of 1024), one decimal. */
function bytes(n) {
  if (n === null || n === undefined) {
    return '—';
  }
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return fmtNumber(v, u === 0 ? 0 : 1) + ' ' + units[u];
}

/** A bar as long as the day's share of the largest day (the CSSOM, not a style attribute). */
function bar(n, max) {
  const span = h('span', { class: 'size-bar', 'aria-hidden': 'true' });
  span.style.width = Math.max(1, Math.round((100 * n) / max)) + 'px';
  return span;
}

function disk(d) {
  const max = Math.max(1, ...d.days.map((day) => day.bytes));
  const cols = ['storage.day', 'storage.size', 'storage.uncompressed'];
  const dayLabel = (day) =>
    day.day ? day.day : t('storage.before', { time: fmtTime(day.to) });
  return h(
    'section',
    { 'aria-labelledby': 'storage-disk-title' },
    h('h3', { id: 'storage-disk-title', text: t('storage.disk') }),
    h(
      'p',
      { id: 'storage-totals' },
      t('storage.totals', { raw: bytes(d.raw_bytes), rollups: bytes(d.rollup_bytes), database: bytes(d.database_bytes) })
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data', id: 'storage-days' },
        h('caption', { text: t('storage.daysCaption') }),
        h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col', text: t(k) })))),
        h(
          'tbody',
          {},
          d.days.map((day) =>
            h(
              'tr',
              { 'data-relation': day.relation },
              h('th', { scope: 'row', text: dayLabel(day) }),
              h(
                'td',
                { class: 'size' },
                bar(day.bytes, max),
                ' ' + bytes(day.bytes)
              ),
              h('td', { text: day.compressed ? bytes(day.uncompressed_bytes) : t('storage.notCompressed') })
            )
          )
        )
      )
    )
  );
}
