// /help-tickets/public — the public column, for anyone, signed in or not (GET /api/tickets/public, no token): the
// answered and resolved tickets their citizens made public, newest first, for a region chosen in the filter (all of
// them by default); each with its kind, title and text, region and category, the handling department, the citizen's
// name where they chose to show it, the department's public answer and the resolution. "Load more" follows the `next`
// cursor. The category names come from GET /api/tickets/categories (no sign-in); the department names from the
// directory, which needs a sign-in: signed out, the department is not named. The region is kept in the address (?regionCode=).
import { get } from '../../api.js';
import { h, icon } from '../../dom.js';
import { busy, field, messageBox } from '../../forms.js';
import { onLangChange, t } from '../../i18n.js';
import { ICONS } from '../../icons.js';
import { byCode, fillRegionSelect, loadRegions, regionName } from '../../regions.js';
import { getSession } from '../../session.js';
import {
  PAGE_SIZE, categoriesByCode, categoryName, departmentName, departmentsById, detailOf, kindChip, paragraphs, statusChip, ticketPage, timeElement,
} from './ticket-view.js';

const CODE_PATTERN = /^[0-9]{6}$/;

export async function render(container, ctx) {
  const { signal } = ctx;
  ctx.app.setTitle('tickets.public.title');
  const signedIn = Boolean(getSession());
  const wanted = CODE_PATTERN.test(ctx.params.get('regionCode') ?? '') ? ctx.params.get('regionCode') : '';

  const back = signedIn
    ? h('a', { class: 'back-link', href: '/help-tickets' }, icon(ICONS.back, { size: 18 }), h('span', { i18n: 'tickets.back' }))
    : h('a', { class: 'back-link', href: `/signin?${new URLSearchParams({ next: '/help-tickets' })}`, testid: 'public-signin' },
      h('span', { i18n: 'tickets.public.signIn' }));
  const region = h('select', {}, h('option', { value: '', text: t('tickets.public.allRegions') }));
  const regionField = field({ name: 'regionCode', labelKey: 'tickets.public.region', control: region, testid: 'public-region' });
  const box = messageBox('public-message');
  const list = h('ul', { class: 'ticket-list public-list', testid: 'public-list', 'aria-labelledby': 'public-list-title' });
  const empty = h('p', { class: 'muted', testid: 'public-empty', i18n: 'tickets.public.empty', hidden: true });
  const loading = h('p', { class: 'muted', role: 'status', i18n: 'app.loading' });
  const more = h('button', { type: 'button', class: 'button button-block', testid: 'public-more', i18n: 'tickets.list.more', hidden: true });
  container.append(h('div', { class: 'tickets-page public-page', testid: 'public-page' },
    back,
    h('h1', { i18n: 'tickets.public.title' }),
    h('p', { class: 'lead', i18n: 'tickets.public.lead' }),
    h('div', { class: 'card ticket-filters' }, regionField.wrapper),
    box.element,
    h('section', { class: 'tickets-section-plain', 'aria-labelledby': 'public-list-title' },
      h('h2', { id: 'public-list-title', i18n: 'tickets.public.answered' }), loading, list, empty, more)));

  const [regions, departments, categories] = await Promise.all([
    loadRegions().catch(() => []),
    signedIn ? departmentsById() : Promise.resolve(new Map()),
    categoriesByCode(),
  ]);
  if (signal.aborted) return;
  const regionsByCode = byCode(regions);
  const regionLabel = (code) => (regionsByCode.has(code) ? regionName(regionsByCode.get(code)) : code);
  const fillRegions = () => fillRegionSelect(region, regions, { placeholderKey: 'tickets.public.allRegions' });
  fillRegions();
  if (wanted && regionsByCode.has(wanted)) region.value = wanted;

  let items = [];
  let next = null;
  let request = 0;

  function item(ticket) {
    const titleId = `public-title-${ticket.ticketId}`;
    return h('li', { class: 'card public-item', testid: 'public-item', dataset: { ticketId: ticket.ticketId } },
      h('article', { 'aria-labelledby': titleId },
        h('div', { class: 'ticket-row-head' }, statusChip(ticket.status), kindChip(ticket.kind)),
        h('h3', { class: 'ticket-row-title', id: titleId },
          signedIn ? h('a', { href: ticketPage(ticket.ticketId), text: ticket.title || ticket.ticketId }) : ticket.title || ticket.ticketId),
        h('p', { class: 'ticket-row-meta' },
          ticket.regionCode ? h('span', { text: regionLabel(ticket.regionCode) }) : null,
          ticket.category ? h('span', { text: categoryName(categories, ticket.category) }) : null,
          ticket.citizenName ? h('span', { testid: 'public-citizen', text: t('tickets.public.by', { name: ticket.citizenName }) }) : null,
          ticket.filedAt ? timeElement(ticket.filedAt, signal) : null),
        h('div', { class: 'public-body', testid: 'public-body' }, paragraphs(ticket.body)),
        ticket.answer ? h('div', { class: 'public-answer', testid: 'public-answer' },
          h('p', { class: 'public-answer-head' },
            h('span', { class: 'public-answer-label', text: t('tickets.public.answerBy', {
              name: departments.has(ticket.departmentId) ? departmentName(departments, ticket.departmentId) : t('tickets.public.department'),
            }) }),
            ticket.answeredAt ? timeElement(ticket.answeredAt, signal) : null),
          paragraphs(ticket.answer)) : null,
        ticket.resolution ? h('div', { class: 'public-answer public-resolution', testid: 'public-resolution' },
          h('p', { class: 'public-answer-head' }, h('span', { class: 'public-answer-label', i18n: 'tickets.public.resolution' })),
          paragraphs(ticket.resolution)) : null));
  }

  const draw = () => {
    loading.hidden = true;
    list.replaceChildren(...items.map(item));
    empty.hidden = items.length > 0;
    more.hidden = !next;
  };

  async function load({ append }) {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (region.value) query.set('regionCode', region.value);
    if (append && next) query.set('after', next);
    const mine = ++request;
    const page = await get(`/api/tickets/public?${query}`, { auth: false, signal });
    if (signal.aborted || mine !== request) return;
    const fresh = Array.isArray(page?.items) ? page.items.filter((i) => i?.ticketId) : [];
    items = append ? [...items, ...fresh.filter((i) => !items.some((o) => o.ticketId === i.ticketId))] : fresh;
    next = page?.next ?? null;
    draw();
  }

  async function reload() {
    box.clear();
    try {
      await load({ append: false });
    } catch (error) {
      if (signal.aborted || error?.name === 'AbortError') return;
      loading.hidden = true;
      box.show('error', 'tickets.list.failed', detailOf(error));
    }
  }

  more.addEventListener('click', async () => {
    box.clear();
    try {
      await busy(more, 'tickets.list.loading', () => load({ append: true }));
    } catch (error) {
      if (!signal.aborted && error?.name !== 'AbortError') box.show('error', 'tickets.list.failed', detailOf(error));
    }
  });
  region.addEventListener('change', () => {
    const query = region.value ? `?${new URLSearchParams({ regionCode: region.value })}` : '';
    window.history.replaceState(null, '', `/help-tickets/public${query}`);
    reload();
  });
  onLangChange(() => {
    fillRegions();
    draw();
  }, signal);
  await reload();
}
