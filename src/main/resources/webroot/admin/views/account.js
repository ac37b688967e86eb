/*
 * The caller's own account (who they are, what they may run, changing the password) and, for
 * super admins, the audit log.
 */
import { t } from '../i18n.js';
import {
  fill,
  api,
  h,
  field,
  route,
  reportError,
  showFormError,
  clearFormErrors,
  formErrorBox,
  fmtTime,
  isAbort,
  say,
} from '../core.js';
import { accountsSection } from './accounts.js';

export const accountView = {
  render(ctx) {
    const s = ctx.session;
    const scope = s.scope || {};
    const scopeText = [
      ...(scope.cities || []).map((c) => t('account.city', { name: c })),
      ...(scope.districts || []).map((d) => t('account.district', { name: d })),
      ...(scope.stations || []).map((id) => t('account.station', { name: id })),
    ];
    ctx.root.append(
      h('div', { class: 'view-head' }, h('h2', { text: t('account.title') })),
      h(
        'dl',
        { class: 'facts card' },
        h('dt', { text: t('account.username') }),
        h('dd', { class: 'mono', text: s.username }),
        h('dt', { text: t('account.displayName') }),
        h('dd', { text: s.display_name || '' }),
        h('dt', { text: t('account.role') }),
        h('dd', { text: t('role.' + s.role) }),
        h('dt', { text: t('account.scope') }),
        h('dd', { text: s.role === 'super_admin' ? t('account.everything') : scopeText.join('、') || t('common.none') })
      ),
      passwordForm(ctx),
      s.role === 'super_admin' ? accountsSection(ctx) : null
    );
  },
};

function passwordForm(ctx) {
  const current = h('input', { name: 'current_password', type: 'password', autocomplete: 'current-password', required: true });
  const next = h('input', { name: 'new_password', type: 'password', autocomplete: 'new-password', required: true, minlength: '10' });
  const again = h('input', { name: 'new_password_again', type: 'password', autocomplete: 'new-password', required: true });
  const submit = h('button', { type: 'submit', class: 'primary', text: t('account.change') });
  const form = h(
    'form',
    { class: 'card', id: 'password-form', novalidate: true },
    h('h3', { text: t('account.passwordTitle') }),
    field(t('account.current'), current),
    field(t('account.new'), next, t('account.newHint')),
    field(t('account.again'), again),
    formErrorBox(),
    h('div', { class: 'actions' }, submit)
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    if (next.value !== again.value) {
      showFormError(form, { message: t('account.mismatch'), errors: [{ field: 'new_password_again', reason: t('account.mismatch') }] }, t('account.failed'));
      return;
    }
    submit.disabled = true;
    try {
      await api('/auth/password', {
        method: 'PUT',
        json: { current_password: current.value, new_password: next.value },
        signal: ctx.signal,
      });
      current.value = next.value = again.value = '';
      // The server ends the account's other sessions; this one goes on.
      say(t('account.changed'), 'ok');
    } catch (error) {
      showFormError(form, error, t('account.failed'));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

const AUDIT_PAGE = 100;

export const auditView = {
  render(ctx) {
    const q = ctx.query;
    const page = Math.max(0, parseInt(q.page || '0', 10) || 0);
    const actor = h('input', { name: 'actor', value: q.actor || '', autocomplete: 'off' });
    const target = h('input', { name: 'target_id', value: q.target_id || '', autocomplete: 'off' });
    const filters = h(
      'form',
      { class: 'filters', role: 'search', 'aria-label': t('audit.filters') },
      field(t('audit.actor'), actor),
      field(t('audit.target'), target),
      h('div', { class: 'actions' }, h('button', { type: 'submit', text: t('common.apply') }))
    );
    filters.addEventListener('submit', (event) => {
      event.preventDefault();
      location.hash = route('/audit', { actor: actor.value.trim(), target_id: target.value.trim() });
    });
    const list = h('div', { class: 'table-wrap' }, h('p', { class: 'muted', text: t('common.loading') }));
    const pager = h('nav', { class: 'pager', 'aria-label': t('common.pages') });
    ctx.root.append(h('div', { class: 'view-head' }, h('h2', { text: t('audit.title') })), filters, list, pager);
    (async () => {
      const params = new URLSearchParams({ limit: String(AUDIT_PAGE), offset: String(page * AUDIT_PAGE) });
      if (q.actor) {
        params.set('actor', q.actor);
      }
      if (q.target_id) {
        params.set('target_id', q.target_id);
      }
      try {
        const data = await api('/audit?' + params, { signal: ctx.signal });
        const entries = data.entries || [];
        fill(list, entries.length ? auditTable(entries) : h('p', { class: 'muted', text: t('audit.none') }));
        const to = (p) => route('/audit', { actor: q.actor, target_id: q.target_id, page: p || '' });
        fill(pager,
          page > 0 ? h('a', { class: 'button', href: to(page - 1), text: t('common.prev') }) : null,
          entries.length === AUDIT_PAGE ? h('a', { class: 'button', href: to(page + 1), text: t('common.next') }) : null
        );
      } catch (error) {
        if (!isAbort(error)) {
          fill(list, h('p', { class: 'notice', text: t('audit.loadFailed') }));
          reportError(error, t('audit.loadFailed'));
        }
      }
    })();
  },
};

function auditTable(entries) {
  const cols = ['audit.at', 'audit.actor', 'audit.action', 'audit.target', 'field.station', 'audit.client'];
  return h(
    'table',
    { class: 'data', id: 'audit-table' },
    h('thead', {}, h('tr', {}, cols.map((k) => h('th', { scope: 'col', text: t(k) })))),
    h(
      'tbody',
      {},
      entries.map((e) =>
        h(
          'tr',
          {},
          h('td', { text: fmtTime(e.at) }),
          h('td', { class: 'mono', text: e.actor || '' }),
          h('td', { class: 'mono', text: e.action || '' }),
          h('td', { class: 'mono', text: [e.target_type, e.target_id].filter(Boolean).join(' ') }),
          h('td', { class: 'mono', text: e.station_id || '' }),
          h('td', { class: 'mono', text: e.client_ip || '' })
        )
      )
    )
  );
}
