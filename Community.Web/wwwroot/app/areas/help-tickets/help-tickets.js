// /help-tickets — the ask-the-government area's landing, for every signed-in user: "file a ticket", the caller's own
// tickets (GET /api/tickets/mine, newest first, page by page), and links to the public column and the figures. What the
// caller's roles allow comes on top: department staff get their department's queue, moderators (and admins) the
// review queue, reporters their story leads. The roles are the token's (what the API checks).
import { h, icon } from '../../dom.js';
import { messageBox } from '../../forms.js';
import { onLangChange, t } from '../../i18n.js';
import { byCode, loadRegions, regionName } from '../../regions.js';
import { loadProfile, profileStore } from '../users/profile.js';
import {
  categoriesByCode, departmentOf, departmentName, departmentsById, detailOf, isModerator, pagedList, rolesOf, ticketRow,
} from './ticket-view.js';

export async function render(container, ctx) {
  const { signal } = ctx;
  const roles = rolesOf(ctx.session);
  const department = roles.includes('department');
  const moderator = isModerator(roles);
  const reporter = roles.includes('reporter');

  const queueLink = department
    ? h('a', { class: 'button tickets-link', href: '/help-tickets/queue', testid: 'tickets-queue-link', i18n: 'tickets.home.queue' })
    : null;
  const queueHint = department ? h('p', { class: 'muted tickets-home-dept', testid: 'tickets-home-dept', hidden: true }) : null;
  const links = h('nav', { class: 'tickets-links', 'aria-label': t('tickets.home.links'), 'data-i18n-aria-label': 'tickets.home.links' },
    h('a', { class: 'button button-primary tickets-link', href: '/help-tickets/new', testid: 'tickets-new-link', i18n: 'tickets.home.new' }),
    queueLink,
    moderator ? h('a', { class: 'button tickets-link', href: '/help-tickets/review', testid: 'tickets-review-link', i18n: 'tickets.home.review' }) : null,
    reporter ? h('a', { class: 'button tickets-link', href: '/help-tickets/leads', testid: 'tickets-leads-link', i18n: 'tickets.home.leads' }) : null,
    h('a', { class: 'button tickets-link', href: '/help-tickets/public', testid: 'tickets-public-link', i18n: 'tickets.home.public' }),
    h('a', { class: 'button tickets-link', href: '/help-tickets/figures', testid: 'tickets-figures-link', i18n: 'tickets.home.figures' }));

  const box = messageBox('my-tickets-message');
  const list = h('ul', { class: 'ticket-list', testid: 'my-tickets' });
  const empty = h('p', { class: 'muted', testid: 'my-tickets-empty', i18n: 'tickets.mine.empty', hidden: true });
  const more = h('button', { type: 'button', class: 'button button-block', testid: 'my-tickets-more', i18n: 'tickets.list.more', hidden: true });
  const loading = h('p', { class: 'muted', role: 'status', i18n: 'app.loading' });

  container.append(
    h('div', { class: 'tickets-page tickets-home' },
      h('header', { class: 'area-header' },
        h('span', { class: 'area-icon' }, icon(ctx.area.nav.icon)),
        h('div', {},
          h('h1', { i18n: 'area.help-tickets.name' }),
          h('p', { class: 'lead', i18n: 'area.help-tickets.description' }))),
      h('section', { class: 'card tickets-section', 'aria-labelledby': 'tickets-home-what' },
        h('h2', { id: 'tickets-home-what', i18n: 'tickets.home.what' }),
        links, queueHint),
      h('section', { class: 'card tickets-section', 'aria-labelledby': 'my-tickets-title' },
        h('h2', { id: 'my-tickets-title', i18n: 'tickets.mine.title' }),
        box.element, loading, list, empty, more)));

  const [regions, departments, categories] = await Promise.all([
    loadRegions().catch(() => []), departmentsById(), categoriesByCode(),
  ]);
  if (signal.aborted) return;
  const regionsByCode = byCode(regions);
  const regionLabel = (code) => (regionsByCode.has(code) ? regionName(regionsByCode.get(code)) : code);

  if (queueHint) {
    const showDepartment = (profile) => {
      const id = departmentOf(ctx.session, profile);
      queueHint.hidden = !id;
      if (id) queueHint.textContent = t('tickets.home.yourDepartment', { name: departmentName(departments, id) });
    };
    showDepartment(profileStore.get());
    if (!departmentOf(ctx.session)) loadProfile().then(showDepartment).catch(() => {});
    onLangChange(() => showDepartment(profileStore.get()), signal);
  }

  const draw = (items) => {
    loading.hidden = true;
    list.replaceChildren(...items.map((item) => ticketRow(item, { departments, categories, regionLabel, signal, showDepartment: true })));
    empty.hidden = items.length > 0;
  };
  const mine = pagedList({
    path: '/api/tickets/mine', render: draw, more, box, signal,
    onError: (error) => {
      loading.hidden = true;
      box.show('error', 'tickets.mine.failed', detailOf(error));
    },
  });
  onLangChange(() => draw(mine.items()), signal);
  await mine.refresh();
}
