// /help-tickets/queue — the caller's department queue (GET /api/departments/{departmentId}/queue; its staff): the tickets
// assigned to the department, or, on the second tab, those of the departments it supervises (`scope=supervised`: the
// tiers below, whose escalations come up to it); a status filter; most urgent first (overdue, then the higher
// escalation, then the nearest due time), overdue rows marked; "load more" follows the `next` cursor. Live: the
// department's stream (`dept:{id}`) is joined on connect, so every ticketEvent reads the list again. The tab and the
// filter are kept in the address (?scope=&status=).
import { h, icon, setText } from '../../dom.js';
import { field, messageBox } from '../../forms.js';
import { onLangChange, t } from '../../i18n.js';
import { ICONS } from '../../icons.js';
import { byCode, loadRegions, regionName } from '../../regions.js';
import { loadProfile, profileStore } from '../users/profile.js';
import { refreshOnTicketEvents } from './live-refresh.js';
import {
  STATUSES, byUrgency, categoriesByCode, departmentName, departmentOf, departmentsById, detailOf, pagedList, rolesOf, ticketRow,
} from './ticket-view.js';

const SCOPES = ['assigned', 'supervised'];

export async function render(container, ctx) {
  const { signal } = ctx;
  ctx.app.setTitle('tickets.queue.title');
  const scope = SCOPES.includes(ctx.params.get('scope')) ? ctx.params.get('scope') : 'assigned';
  const wantedStatus = STATUSES.includes(ctx.params.get('status')) ? ctx.params.get('status') : '';

  const lead = h('p', { class: 'lead', testid: 'queue-department', i18n: 'tickets.queue.lead' });
  const live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', testid: 'queue-live' });
  const box = messageBox('queue-message');
  const page = h('div', { class: 'tickets-page queue-page', testid: 'queue-page' },
    h('a', { class: 'back-link', href: '/help-tickets' }, icon(ICONS.back, { size: 18 }), h('span', { i18n: 'tickets.back' })),
    h('h1', { i18n: 'tickets.queue.title' }), lead, live, box.element);
  container.append(page);

  const profile = profileStore.get() ?? await loadProfile().catch(() => null);
  if (signal.aborted) return;
  const departmentId = departmentOf(ctx.session, profile);
  if (!rolesOf(ctx.session).includes('department') || !departmentId) {
    page.append(h('div', { class: 'card notice', testid: 'queue-denied' },
      icon(ICONS.lock), h('p', { i18n: 'tickets.queue.notStaff' })));
    return;
  }

  const tabs = h('nav', { class: 'ticket-tabs', 'aria-label': t('tickets.queue.tabs'), 'data-i18n-aria-label': 'tickets.queue.tabs' },
    SCOPES.map((s) => {
      const query = new URLSearchParams({ scope: s });
      if (wantedStatus) query.set('status', wantedStatus);
      return h('a', {
        class: `ticket-tab${s === scope ? ' is-current' : ''}`, href: `/help-tickets/queue?${query}`, testid: `queue-tab-${s}`,
        'aria-current': s === scope ? 'page' : null, i18n: `tickets.queue.scope.${s}`,
      });
    }));

  const statusSelect = h('select', {});
  const fillStatuses = () => {
    const value = statusSelect.value || wantedStatus;
    statusSelect.replaceChildren(h('option', { value: '', text: t('tickets.queue.allStatuses') }),
      ...STATUSES.map((s) => h('option', { value: s, text: t(`tickets.status.${s}`) })));
    statusSelect.value = value;
  };
  fillStatuses();
  const statusField = field({ name: 'status', labelKey: 'tickets.queue.status', control: statusSelect, testid: 'queue-status' });

  const list = h('ul', { class: 'ticket-list', testid: 'queue-list', 'aria-labelledby': 'queue-list-title' });
  const empty = h('p', { class: 'muted', testid: 'queue-empty', i18n: 'tickets.queue.empty', hidden: true });
  const loading = h('p', { class: 'muted', role: 'status', i18n: 'app.loading' });
  const more = h('button', { type: 'button', class: 'button button-block', testid: 'queue-more', i18n: 'tickets.list.more', hidden: true });
  page.append(tabs,
    h('section', { class: 'card tickets-section', 'aria-labelledby': 'queue-list-title' },
      h('h2', { id: 'queue-list-title', i18n: `tickets.queue.scope.${scope}` }),
      h('div', { class: 'ticket-filters' }, statusField.wrapper),
      loading, list, empty, more));

  const [regions, departments, categories] = await Promise.all([loadRegions().catch(() => []), departmentsById(), categoriesByCode()]);
  if (signal.aborted) return;
  const regionsByCode = byCode(regions);
  const regionLabel = (code) => (regionsByCode.has(code) ? regionName(regionsByCode.get(code)) : code);
  const showLead = () => setText(lead, t('tickets.queue.leadFor', { name: departmentName(departments, departmentId) }));
  showLead();

  const draw = (items) => {
    loading.hidden = true;
    const sorted = [...items].sort(byUrgency);
    list.replaceChildren(...sorted.map((item) => ticketRow(item, {
      departments, categories, regionLabel, signal, showDepartment: scope === 'supervised',
    })));
    empty.hidden = items.length > 0;
  };
  const queue = pagedList({
    path: `/api/departments/${encodeURIComponent(departmentId)}/queue`,
    query: () => {
      const q = new URLSearchParams({ scope });
      if (statusSelect.value) q.set('status', statusSelect.value);
      return q;
    },
    render: draw, more, box, signal,
    onError: (error) => {
      loading.hidden = true;
      box.show('error', 'tickets.queue.failed', detailOf(error));
    },
  });

  statusSelect.addEventListener('change', () => {
    const query = new URLSearchParams({ scope });
    if (statusSelect.value) query.set('status', statusSelect.value);
    window.history.replaceState(null, '', `/help-tickets/queue?${query}`);
    queue.refresh();
  });
  onLangChange(() => {
    fillStatuses();
    showLead();
    draw(queue.items());
  }, signal);

  // An event that assigns a ticket to this department brings it into the "assigned" list.
  refreshOnTicketEvents({
    list: queue, live, signal,
    adds: (message) => scope === 'assigned' && ['assigned', 'transferred', 'reopened'].includes(message.kind)
      && message.data?.departmentId === departmentId && (!statusSelect.value || statusSelect.value === 'assigned'),
  });
  await queue.refresh();
}
