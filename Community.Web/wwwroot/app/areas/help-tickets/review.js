// /help-tickets/review — the moderators' review queue (GET /api/tickets/review; moderators and admins): the tickets
// waiting for review, oldest first as the API lists them, each linking to its page where it is accepted to a
// department, rejected or marked as a duplicate; "load more" follows the `next` cursor. Live: moderators' connections
// join `moderators` on connect (new tickets, escalations), so every ticketEvent reads the list again.
// Under each ticket, the open tickets it may duplicate (GET /api/tickets/{ticketId}/similar, two at a time, once per
// ticket); a hint's "duplicate of this" fills the review's duplicate decision in place (duplicateOf that ticket, a
// reason to edit) and sends it (POST /api/tickets/{ticketId}/review) once confirmed.
import { post } from '../../api.js';
import { h, icon, setI18n } from '../../dom.js';
import { busy, errorTitleKey, field, messageBox } from '../../forms.js';
import { onLangChange, t } from '../../i18n.js';
import { ICONS } from '../../icons.js';
import { byCode, loadRegions, regionName } from '../../regions.js';
import { refreshOnTicketEvents } from './live-refresh.js';
import { hintItem, loadHints, similarToPath } from './similar-tickets.js';
import {
  actionKey, categoriesByCode, departmentsById, detailOf, isModerator, pagedList, rolesOf, ticketPath, ticketRow,
} from './ticket-view.js';

const MAX_REASON = 500;
/** Hint requests in flight at once: the queue shows up to a page of tickets. */
const HINT_REQUESTS = 2;

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

  // One hints block per ticket, kept across redraws (live refreshes, language) so a reason being written stays.
  const blocks = new Map();
  const decided = new Set();
  const waiting = [];
  let inFlight = 0;
  const pump = () => {
    while (inFlight < HINT_REQUESTS && waiting.length && !signal.aborted) {
      const job = waiting.shift();
      inFlight += 1;
      job().finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  };
  const blockOf = (item) => {
    if (!blocks.has(item.ticketId)) {
      const block = hintsBlock(item);
      blocks.set(item.ticketId, block);
      waiting.push(block.load);
      pump();
    }
    return blocks.get(item.ticketId).element;
  };

  function hintsBlock(item) {
    const titleId = `review-similar-${item.ticketId}`;
    const hintList = h('ul', { class: 'ticket-list', testid: 'review-similar-list', 'aria-labelledby': titleId });
    const note = h('p', { class: 'field-hint', role: 'status', i18n: 'tickets.similar.checking' });
    const element = h('div', { class: 'ticket-subgroup', testid: 'review-similar', dataset: { ticketId: item.ticketId } },
      h('p', { class: 'ticket-row-meta', id: titleId }, h('strong', { i18n: 'tickets.similar.reviewTitle' })), note, hintList);
    const load = async () => {
      try {
        const found = await loadHints(similarToPath(item.ticketId), signal);
        if (signal.aborted) return;
        hintList.replaceChildren(...found.map((hint) => hintItem(hint, { signal, action: duplicateAction(item, hint) })));
        setI18n(note, found.length ? 'tickets.similar.reviewLead' : 'tickets.similar.none');
      } catch (error) {
        if (!signal.aborted && error?.name !== 'AbortError') setI18n(note, 'tickets.similar.failed');
      }
    };
    return { element, load };
  }

  /** "Duplicate of this": the review's duplicate decision, filled with this hint and a reason the moderator may edit. */
  function duplicateAction(item, hint) {
    const open = h('button', { type: 'button', class: 'button button-small', testid: 'review-mark-duplicate', i18n: 'tickets.similar.markDuplicate' });
    const reason = h('textarea', { rows: 2, maxlength: String(MAX_REASON), required: true });
    const reasonField = field({ name: 'reason', labelKey: 'tickets.review.reason', control: reason, hintKey: 'tickets.review.reasonHint',
      testid: 'review-duplicate-reason' });
    const formBox = messageBox('review-duplicate-message');
    const submit = h('button', { type: 'submit', class: 'button button-primary button-small', testid: 'review-duplicate-submit',
      i18n: 'tickets.similar.confirm' });
    const cancel = h('button', { type: 'button', class: 'button button-small button-ghost', i18n: 'tickets.similar.cancel' });
    const form = h('form', { class: 'ticket-action form', testid: 'review-duplicate-form', novalidate: true, hidden: true },
      h('p', { class: 'muted', text: t('tickets.similar.marking', { title: item.title || item.ticketId, original: hint.title || hint.ticketId }) }),
      reasonField.wrapper, formBox.element, h('div', { class: 'form-actions' }, submit, cancel));
    open.addEventListener('click', () => {
      reason.value ||= t('tickets.similar.duplicateReason', { id: hint.ticketId, title: hint.title || hint.ticketId });
      form.hidden = false;
      open.hidden = true;
      reason.focus();
    });
    cancel.addEventListener('click', () => {
      form.hidden = true;
      open.hidden = false;
      open.focus();
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      formBox.clear();
      reasonField.clearError();
      const text = reason.value.trim();
      if (!text) {
        reasonField.setError('validation.required', { translated: true });
        reason.focus();
        return;
      }
      try {
        await busy(submit, 'tickets.action.sending', () => post(`${ticketPath(item.ticketId)}/review`,
          { decision: 'duplicate', duplicateOf: hint.ticketId, reason: text }, { headers: actionKey(), signal }));
      } catch (error) {
        if (signal.aborted || error?.name === 'AbortError') return;
        const placed = error?.fieldErrors?.reason;
        if (placed) reasonField.setError([].concat(placed).join(' '));
        else formBox.show('error', errorTitleKey(error), detailOf(error));
        return;
      }
      setI18n(live, 'tickets.similar.marked');
      // A duplicate never waits for review again; the list, read from the read model, may trail the decision a moment.
      decided.add(item.ticketId);
      blocks.delete(item.ticketId);
      draw(queue.items());
      await queue.refresh();
    });
    return h('div', {}, open, form);
  }

  const draw = (all) => {
    const items = all.filter((item) => !decided.has(item.ticketId));
    loading.hidden = true;
    list.replaceChildren(...items.map((item) => {
      const row = ticketRow(item, { departments, categories, regionLabel, signal });
      row.append(blockOf(item));
      return row;
    }));
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
