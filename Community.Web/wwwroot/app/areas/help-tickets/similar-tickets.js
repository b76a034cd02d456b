// Duplicate hints, shared by filing (ticket-new.js) and the review queue (review.js): the open tickets of the same
// region and category whose text is alike, the most alike first (GET /api/tickets/similar while a citizen writes, GET
// /api/tickets/{ticketId}/similar for a ticket under review). Each hint is {ticketId, title, status, filedAt, score};
// titles only ever go through textContent.
import { get } from '../../api.js';
import { h } from '../../dom.js';
import { formatNumber } from '../../i18n.js';
import { statusChip, ticketPage, ticketPath, timeElement } from './ticket-view.js';

/** Only the start of a body is compared (the API refuses more: TicketSimilarity.MaxBodyChars). */
export const MAX_HINT_BODY = 500;

/** The hints for a draft, or null when there is not enough to compare yet (no region or category, too little text). */
export function similarPath({ regionCode, category, title, body }, limit = 5) {
  const text = { title: title.trim(), body: body.trim().slice(0, MAX_HINT_BODY) };
  if (!regionCode || !category || (text.title.length < 2 && text.body.length < 5)) return null;
  const q = new URLSearchParams({ regionCode, category, limit: String(limit) });
  if (text.title) q.set('title', text.title);
  if (text.body) q.set('body', text.body);
  return `/api/tickets/similar?${q}`;
}

/** The hints for a ticket under review (moderators and the departments concerned). */
export const similarToPath = (ticketId, limit = 3) => `${ticketPath(ticketId)}/similar?limit=${limit}`;

export async function loadHints(path, signal) {
  const list = await get(path, { signal });
  return Array.isArray(list) ? list.filter((hint) => hint?.ticketId) : [];
}

/**
 * One hint: its title linking to the ticket, its status, when it was filed and how alike it is. options: signal,
 * newTab (open the ticket in another tab, so a draft being written stays), action (a node after the facts).
 */
export function hintItem(hint, { signal, newTab = false, action = null } = {}) {
  const percent = Math.round(Math.min(1, Math.max(0, Number(hint.score) || 0)) * 100);
  const link = h('a', {
    href: ticketPage(hint.ticketId), testid: 'similar-hint-link', ...(newTab ? { target: '_blank', rel: 'noopener' } : {}),
  }, h('span', { text: hint.title || hint.ticketId }), newTab ? h('span', { class: 'visually-hidden', i18n: 'tickets.similar.newTab' }) : null);
  return h('li', { class: 'ticket-row', testid: 'similar-hint', dataset: { ticketId: hint.ticketId, status: hint.status ?? '' } },
    h('div', { class: 'ticket-row-head' },
      statusChip(hint.status, { testid: 'similar-hint-status' }),
      h('span', { class: 'chip ticket-kind', testid: 'similar-hint-score', i18n: 'tickets.similar.score', i18nVars: { percent: formatNumber(percent) } })),
    h('p', { class: 'ticket-row-title' }, link),
    hint.filedAt ? h('p', { class: 'ticket-row-meta' }, h('span', {}, h('span', { i18n: 'tickets.filedAt' }), ' ', timeElement(hint.filedAt, signal))) : null,
    action);
}
