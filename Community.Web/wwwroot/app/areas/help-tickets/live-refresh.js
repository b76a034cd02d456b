// A ticket list that follows the hub: every ticketEvent the connection receives (its department's stream, or the
// moderators') reads the list again, shortly after, at most one read at a time. The lists are read models that trail
// the event by a moment: while the event's ticket is listed with an older seq (or, for an event that adds a ticket to
// this list, not yet listed) the list is read again a few times, each a little later. After a reconnect (events may
// have been missed; these streams keep no backlog) the list is read again too.
import { setText } from '../../dom.js';
import { t } from '../../i18n.js';
import { onReconnected, onTicketEvents } from './ticket-live.js';

const FIRST_MS = 300;
const MAX_BEHIND_READS = 6;

/**
 * list: a pagedList ({refresh, items}). adds(message): whether the event should bring its ticket into this list.
 * live: a polite live region told when the list changed by an event. signal: the page's.
 */
export function refreshOnTicketEvents({ list, adds = () => false, live, signal }) {
  let timer = null;
  let pending = null; // the newest event not yet seen in the list
  let behindReads = 0;

  const behind = () => {
    if (!pending) return false;
    const item = list.items().find((i) => i.ticketId === pending.ticketId);
    if (!item) return adds(pending);
    return Number.isFinite(Number(item.lastSeq)) && Number(item.lastSeq) < Number(pending.seq);
  };

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (signal.aborted) return;
      await list.refresh();
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

  onTicketEvents((message) => {
    pending = message;
    behindReads = 0;
    if (live) setText(live, t('tickets.list.updated'));
    schedule(FIRST_MS);
  }, signal);
  onReconnected(() => schedule(0), signal);
}
