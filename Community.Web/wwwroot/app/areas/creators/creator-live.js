// Following one creator account's stream on the hub (`creator:{id}`, for its owner and moderators): Follow(stream,
// afterSeq) whenever the connection is (re)connected, with the last seq received, so a reconnect replays exactly what
// was missed; events at or below that seq are dropped. Unfollow when the page (or the chosen account) goes away.
// The hub sends `creatorEvent {creatorId, seq, kind, data}`.
import { invokeLive, liveStatus, onLive } from '../../live.js';

/**
 * Follows creatorId from afterSeq. onEvent(message, { replayed }) gets each new event once, in seq order; `replayed`
 * is true for events sent during the first follow's catch-up (older than the page, when afterSeq was not known).
 * onFollowFailed(error) when the hub refuses. Stops when signal aborts.
 */
export function followCreator(creatorId, { afterSeq = 0, onEvent, onFollowFailed, signal }) {
  const stream = `creator:${creatorId}`;
  let lastSeq = Math.max(0, Number(afterSeq) || 0);
  let followed = false; // the first follow has answered
  let following = false;
  let again = false;

  onLive('creatorEvent', (message) => {
    if (signal.aborted || !message || message.creatorId !== creatorId) return;
    const seq = Number(message.seq);
    if (!Number.isFinite(seq) || seq <= lastSeq) return;
    lastSeq = seq;
    try {
      onEvent(message, { replayed: !followed });
    } catch (error) {
      console.error('creator event failed', message.kind, error);
    }
  }, signal);

  async function follow() {
    if (following) {
      again = true;
      return;
    }
    following = true;
    try {
      do {
        again = false;
        if (signal.aborted) return;
        const answered = Number(await invokeLive('Follow', stream, lastSeq));
        if (Number.isFinite(answered) && answered > lastSeq) lastSeq = answered;
        followed = true;
      } while (again);
    } catch (error) {
      // Not connected (any more): the next `connected` follows again. A refusal from the hub is for the page.
      if (!signal.aborted && liveStatus.get() === 'connected' && !/not connected/i.test(String(error?.message))) {
        onFollowFailed?.(error);
      }
    } finally {
      following = false;
    }
  }

  liveStatus.subscribe((state) => {
    if (state === 'connected' && !signal.aborted) follow();
  }, signal);

  signal.addEventListener('abort', () => {
    invokeLive('Unfollow', stream).catch(() => {});
  }, { once: true });

  return {
    get lastSeq() {
      return lastSeq;
    },
  };
}
