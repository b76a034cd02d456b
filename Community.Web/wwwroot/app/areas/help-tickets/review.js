// /help-tickets/review — the moderators' review queue (GET /api/tickets/review; moderators and admins): the tickets
// waiting for review, oldest first as the API lists them, each linking to its page where it is accepted to a
// department, rejected or marked as a duplicate; "load more" follows the `next` cursor. Live: moderators' connections
// join `moderators` on connect (new tickets, escalations), so every ticketEvent reads the list again.
import { h, icon } from '../../dom.js';
import { messageBox } from '../../forms.js';
import { onLangChange } from '../../i18n.js';
import { ICONS } from '../../icons.js';
import { byCode, loadRegions, regionName } from '../../regions.js';
import { refreshOnTicketEvents } from './live-refresh.js';
import { categoriesByCode, departmentsById, detailOf, isModerator, pagedList, rolesOf, ticketRow } from './ticket-view.js';

export async function render(container, ctx) {
  const { signal } = ctx;
  ctx.app.setTitle('tickets.review.queueTitle');
  const live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', testid: 'review-live' });
  const box = messageBox('review-message');
  const page = h('div', { class: 'tickets-page review-page', testid: 'review-page' },
    h('a', { class: 'back-link', href: '/help-tickets' }, icon(ICONS.back, { size: 18 }), h('span', { i18n: 'tickets.back' })),
    h('h1', { i18n: 'tickets.review.queueTitle' }),
    h('p', { class: 'lead', i18n: 'tickets.review.queueLead' }), live, box.element);
  container.append(page);

  if (!isModerator(rolesOf(ctx.session))) {
    page.append(h('div', { class: 'card notice', testid: 'review-denied' }, icon(ICONS.lock), h('p', { i18n: 'tickets.review.notModerator' })));
    return;
  }

  const list = h('ul', { class: 'ticket-list', testid: 'review-list', 'aria-labelledby': 'review-list-title' });
  const empty = h('p', { class: 'muted', testid: 'review-empty', i18n: 'tickets.review.empty', hidden: true });
  const loading = h('p', { class: 'muted', role: 'status', i18n: 'app.loading' });
  const more = h('button', { type: 'button', class: 'button button-block', testid: 'review-more', i18n: 'tickets.list.more', hidden: true });
  page.append(h('section', { class: 'card tickets-section', 'aria-labelledby': 'review-list-title' },
    h('h2', { id: 'review-list-title', i18n: 'tickets.review.waiting' }), loading, list, empty, more));

  const [regions, departments, categories] = await Promise.all([loadRegions().catch(() => []), departmentsById(), categoriesByCode()]);
  if (signal.aborted) return;
  const regionsByCode = byCode(regions);
  const regionLabel = (code) => (regionsByCode.has(code) ? regionName(regionsByCode.get(code)) : code);

  const draw = (items) => {
    loading.hidden = true;
    list.replaceChildren(...items.map((item) => ticketRow(item, { departments, categories, regionLabel, signal })));
    empty.hidden = items.length > 0;
  };
  const queue = pagedList({
    path: '/api/tickets/review', render: draw, more, box, signal,
    onError: (error) => {
      loading.hidden = true;
      box.show('error', 'tickets.review.failed', detailOf(error));
    },
  });
  onLangChange(() => draw(queue.items()), signal);
  refreshOnTicketEvents({ list: queue, live, signal, adds: (message) => message.kind === 'filed' });
  await queue.refresh();
}
