/*
 * The feedback inbox: workers' reports about stations, by status, with buttons to move a report
 * along (acknowledge, resolve, dismiss, reopen). Paged by the server, 50 a page.
 */
import { t } from '../i18n.js';
import { fill, api, h, field, link, route, reportError, say, timeAgo, badge, isAbort } from '../core.js';

const PAGE = 50;
const STATUSES = ['new', 'acknowledged', 'resolved', 'dismissed'];

export const feedbackView = {
  render(ctx) {
    const q = ctx.query;
    const status = q.status === 'all' ? '' : STATUSES.includes(q.status) ? q.status : 'new';
    const page = Math.max(0, parseInt(q.page || '0', 10) || 0);
    const summary = h('p', { class: 'muted', id: 'feedback-summary', 'aria-live': 'polite', text: t('common.loading') });
    const list = h('div', { class: 'table-wrap', id: 'feedback-list' });
    const pager = h('nav', { class: 'pager', 'aria-label': t('common.pages') });
    ctx.root.append(
      h('div', { class: 'view-head' }, h('h2', { text: t('feedback.title') })),
      tabs(status, q.station_id),
      stationFilter(status, q.station_id),
      summary,
      list,
      pager
    );
    load();

    async function load() {
      const params = new URLSearchParams({ limit: String(PAGE), offset: String(page * PAGE) });
      if (status) {
        params.set('status', status);
      }
      if (q.station_id) {
        params.set('station_id', q.station_id);
      }
      try {
        const data = await api('/feedback?' + params, { signal: ctx.signal });
        const items = data.feedback || [];
        const matched = data.numberMatched || 0;
        summary.textContent = matched
          ? t('feedback.showing', { from: page * PAGE + 1, to: page * PAGE + items.length, total: matched })
          : t('feedback.none');
        fill(list, items.length ? table(items, ctx) : h('span'));
        const pages = Math.max(1, Math.ceil(matched / PAGE));
        const to = (p) => route('/feedback', { status: status || 'all', station_id: q.station_id, page: p || '' });
        fill(pager,
          page > 0 ? h('a', { class: 'button', href: to(page - 1), text: t('common.prev') }) : null,
          h('span', { class: 'page-no', text: t('common.pageOf', { page: page + 1, pages }) }),
          page + 1 < pages ? h('a', { class: 'button', href: to(page + 1), text: t('common.next') }) : null
        );
      } catch (error) {
        if (!isAbort(error)) {
          summary.textContent = t('feedback.loadFailed');
          reportError(error, t('feedback.loadFailed'));
        }
      }
    }
  },
};

function tabs(active, stationId) {
  const tab = (code) =>
    h('a', {
      class: 'tab',
      href: route('/feedback', { status: code || 'all', station_id: stationId }),
      'data-tab': code || 'all',
      'aria-current': code === active ? 'page' : null,
      text: code ? t('feedbackStatus.' + code) : t('common.all'),
    });
  return h('nav', { class: 'tabs', 'aria-label': t('feedback.tabs') }, STATUSES.map(tab), tab(''));
}

function stationFilter(status, stationId) {
  const input = h('input', { name: 'station_id', value: stationId || '', autocomplete: 'off', spellcheck: 'false' });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('feedback.filter') },
    field(t('field.station'), input),
    h('div', { class: 'actions' }, h('button', { type: 'submit', text: t('common.apply') }))
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = route('/feedback', { status: status || 'all', station_id: input.value.trim() });
  });
  return form;
}

function table(items, ctx) {
  const cols = ['feedback.created', 'field.station', 'feedback.kind', 'feedback.text', 'field.status', 'feedback.actions'];
  return h(
    'table',
    { class: 'data', id: 'feedback-table' },
    h('caption', { class: 'sr-only', text: t('feedback.title') }),
    h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col', text: t(k) })))),
    h('tbody', {}, items.map((f) => row(f, ctx)))
  );
}

function row(item, ctx) {
  const tr = h('tr', { 'data-feedback-id': String(item.id) });
  const showRow = (f) => {
    tr.setAttribute('data-status', f.status);
    fill(tr,
      h('td', {}, timeAgo(f.created_at)),
      h('td', {}, link('/stations/' + encodeURIComponent(f.station_id), null, f.station_id, { class: 'mono' })),
      h('td', { text: t('feedbackKind.' + f.kind) }),
      h('td', { class: 'detail' }, f.text ? f.text : h('span', { class: 'muted', text: t('feedback.noText') })),
      h('td', {}, badge('fb', f.status, t('feedbackStatus.' + f.status))),
      h('td', { class: 'row-actions' }, actions(f))
    );
  };
  const actions = (f) =>
    STATUSES.filter((s) => s !== f.status).map((next) => {
      const button = h('button', {
        type: 'button',
        'data-status': next,
        'aria-label': t('feedback.setLabel', { id: f.id, status: t('feedbackStatus.' + next) }),
        text: t('feedback.to.' + next),
      });
      button.addEventListener('click', async () => {
        for (const b of tr.querySelectorAll('button')) {
          b.disabled = true;
        }
        try {
          const updated = await api('/feedback/' + encodeURIComponent(f.id) + '/status', {
            method: 'PUT',
            json: { status: next },
            signal: ctx.signal,
          });
          showRow(updated);
          say(t('feedback.changed', { id: f.id, status: t('feedbackStatus.' + updated.status) }), 'ok');
        } catch (error) {
          for (const b of tr.querySelectorAll('button')) {
            b.disabled = false;
          }
          reportError(error, t('feedback.changeFailed'));
        }
      });
      return button;
    });
  showRow(item);
  return tr;
}
