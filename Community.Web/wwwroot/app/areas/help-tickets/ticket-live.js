// Help tickets on the hub. The hub sends `ticketEvent {ticketId, seq, kind, data}` for a ticket's own stream
// (`ticket:{id}`, followed by the citizen who filed it and by moderators) and for the streams joined on connect: a
// department's (`dept:{id}`: what its queue must see) and `moderators` (new tickets to review, escalations).
// followTicket: Follow(stream, afterSeq) whenever the connection is (re)connected, with the last seq received, so a
// reconnect replays exactly what was missed; events at or below that seq are dropped, also when the same event arrives
// on two streams. A refused follow (department staff do not follow a ticket's own stream) leaves the events of the
// streams joined on connect. Unfollow when the page goes away.
import { liveStatus, onLive } from '../../live.js';
import { followStream } from '../../live-follow.js';

/**
 * Follows ticketId from afterSeq. onEvent(message) gets each new event of that ticket once, in seq order, from any
 * stream. onFollowFailed(error) when the hub refuses the follow. Stops when signal aborts. Returns { lastSeq, seen(seq) }:
 * seen() takes a seq the page read from the ticket itself (a re-fetch), so what is at or below it is not news any more.
 */
export function followTicket(ticketId, { afterSeq = 0, onEvent, onFollowFailed, signal }) {
  return followStream(`ticket:${ticketId}`, 'ticketEvent', (message) => message.ticketId === ticketId,
    { afterSeq, onEvent: (message) => onEvent(message), onJoinFailed: onFollowFailed, signal });
}

/**
 * Every ticketEvent this connection receives (from the streams joined on connect), until signal aborts; each
 * ticket's seq once. For the lists: onEvent(message).
 */
export function onTicketEvents(onEvent, signal) {
  const seen = new Map(); // ticketId → highest seq
  onLive('ticketEvent', (message) => {
    if (signal.aborted || !message?.ticketId) return;
    const seq = Number(message.seq);
    if (Number.isFinite(seq)) {
      if (seq <= (seen.get(message.ticketId) ?? 0)) return;
      seen.set(message.ticketId, seq);
    }
    try {
      onEvent(message);
    } catch (error) {
      console.error('ticket event failed', message.kind, error);
    }
  }, signal);
}

/**
 * Calls onReconnected after the connection comes back (not on the first connect): events may have been missed while it
 * was away, and the streams joined on connect keep no backlog, so a list reads itself again.
 */
export function onReconnected(onReconnect, signal) {
  let connectedOnce = false;
  let away = false;
  liveStatus.subscribe((state) => {
    if (signal.aborted) return;
    if (state === 'connected') {
      if (connectedOnce && away) onReconnect();
      connectedOnce = true;
      away = false;
    } else if (connectedOnce) {
      away = true;
    }
  }, signal);
}
