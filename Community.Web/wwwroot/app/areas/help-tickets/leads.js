// /help-tickets/leads — a reporter's story leads (GET /api/tickets/leads: the public tickets they follow, oldest first,
// page by page with "load more"), each row linking to the ticket. Live: the page follows each listed ticket's own
// stream (`ticket:{id}`, as the ticket page does: a reporter's connection joins no department or moderators' stream), so
// a step of any lead reads the list again, shortly after, at most one read at a time; the list is a read model that
// trails the event by a moment, so while the lead is listed with an older seq it is read again a few times, each a little
// later. A lead whose status moved is told in a polite live region. A reader without the reporter role gets a notice.
import { h, icon, setText } from '../../dom.js';
import { messageBox } from '../../forms.js';
import { onLangChange, t } from '../../i18n.js';
import { ICONS } from '../../icons.js';
import { byCode, loadRegions, regionName } from '../../regions.js';
import { followTicket } from './ticket-live.js';
import {
  STEP_STATUSES, categoriesByCode, departmentsById, detailOf, linked, pagedList, rolesOf, ticketRow,
} from './ticket-view.js';

const FIRST_MS = 300;
const MAX_BEHIND_READS = 6;

export async function render(container, ctx) {
  const { signal } = ctx;
  ctx.app.setTitle('tickets.leads.title');

  const live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', testid: 'leads-live' });
  const box = messageBox('leads-message');
  const page = h('div', { class: 'tickets-page leads-page', testid: 'leads-page' },
    h('a', { class: 'back-link', href: '/help-tickets' }, icon(ICONS.back, { size: 18 }), h('span', { i18n: 'tickets.back' })),
    h('h1', { i18n: 'tickets.leads.title' }),
    h('p', { class: 'lead', i18n: 'tickets.leads.lead' }), live, box.element);
  container.append(page);

  if (!rolesOf(ctx.session).includes('reporter')) {
    page.append(h('div', { class: 'card notice', testid: 'leads-denied' },
      icon(ICONS.lock), h('p', { i18n: 'tickets.leads.notReporter' })));
    return;
  }

  const list = h('ul', { class: 'ticket-list', testid: 'leads-list', 'aria-labelledby': 'leads-list-title' });
  const empty = h('p', { class: 'muted', testid: 'leads-empty', i18n: 'tickets.leads.empty', hidden: true });
  const loading = h('p', { class: 'muted', role: 'status', i18n: 'app.loading' });
  const more = h('button', { type: 'button', class: 'button button-block', testid: 'leads-more', i18n: 'tickets.list.more', hidden: true });
  page.append(h('section', { class: 'card tickets-section', 'aria-labelledby': 'leads-list-title' },
    h('h2', { id: 'leads-list-title', i18n: 'tickets.leads.listTitle' }),
    loading, list, empty, more));

  const [regions, departments, categories] = await Promise.all([loadRegions().catch(() => []), departmentsById(), categoriesByCode()]);
  if (signal.aborted) return;
  const regionsByCode = byCode(regions);
  const regionLabel = (code) => (regionsByCode.has(code) ? regionName(regionsByCode.get(code)) : code);

  // ---- following each listed lead's stream ------------------------------------------------------------------------------
  const follows = new Map(); // ticketId → { controller, following }
  let pending = null; // the newest event not yet seen in the list

  function followListed(items) {
    const listed = new Set(items.map((item) => item.ticketId));
    for (const [ticketId, follow] of follows) {
      if (listed.has(ticketId)) continue;
      follow.controller.abort();
      follows.delete(ticketId);
    }
    for (const item of items) {
      const known = follows.get(item.ticketId);
      if (known) {
        known.following.seen(item.lastSeq);
        continue;
      }
      const controller = new AbortController();
      const following = followTicket(item.ticketId, {
        afterSeq: Number(item.lastSeq) || 0,
        signal: linked(signal, controller.signal),
        onEvent: (message) => {
          pending = message;
          behindReads = 0;
          schedule(FIRST_MS);
        },
        // A lead made private since is refused: it leaves the list on the next read.
        onFollowFailed: () => {},
      });
      follows.set(item.ticketId, { controller, following });
    }
  }

  // ---- drawing, and telling what moved ---------------------------------------------------------------------------------
  let shownStatus = new Map(); // ticketId → status last drawn
  let announce = false;

  const draw = (items) => {
    loading.hidden = true;
    list.replaceChildren(...items.map((item) => ticketRow(item, { departments, categories, regionLabel, signal, showDepartment: true })));
    empty.hidden = items.length > 0;
    if (announce) {
      const moved = items.filter((item) => shownStatus.has(item.ticketId) && shownStatus.get(item.ticketId) !== item.status);
      if (moved.length) {
        setText(live, moved.map((item) => t('tickets.leads.moved', {
          title: item.title || item.ticketId,
          status: t(`tickets.status.${STEP_STATUSES.includes(item.status) ? item.status : 'submitted'}`),
        })).join(' '));
      }
    }
    shownStatus = new Map(items.map((item) => [item.ticketId, item.status]));
    followListed(items);
  };

  const leads = pagedList({
    path: '/api/tickets/leads', render: draw, more, box, signal,
    onError: (error) => {
      loading.hidden = true;
      box.show('error', 'tickets.leads.failed', detailOf(error));
    },
  });
  onLangChange(() => {
    const before = announce;
    announce = false;
    draw(leads.items());
    announce = before;
  }, signal);

  // ---- reading again after an event, until the list has caught up --------------------------------------------------------
  let timer = null;
  let behindReads = 0;

  const behind = () => {
    if (!pending) return false;
    const item = leads.items().find((i) => i.ticketId === pending.ticketId);
    return Boolean(item) && Number.isFinite(Number(item.lastSeq)) && Number(item.lastSeq) < Number(pending.seq);
  };

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (signal.aborted) return;
      announce = true;
      try {
        await leads.refresh();
      } finally {
        announce = false;
      }
      if (signal.aborted) return;
      if (behind() && behindReads < MAX_BEHIND_READS) {
        behindReads += 1;
        schedule(FIRST_MS * 2 ** behindReads);
      } else {
        pending = null;
        behindReads = 0;
      }
    }, delay);
  }
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });

  await leads.refresh();
}
