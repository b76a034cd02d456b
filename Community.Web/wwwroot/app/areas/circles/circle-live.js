// Following one circle's live feed on the hub: JoinCircle(circleId, afterSeq) whenever the connection is (re)connected,
// with the last seq received, so a reconnect replays exactly what was missed; events at or below that seq (a replay
// overlapping what already arrived) are dropped. LeaveCircle when the page goes away.
import { invokeLive, liveStatus, onLive } from '../../live.js';

/**
 * Follows circleId from afterSeq (the lastSeq of the posts page shown). onEvent({circleId, seq, kind, data}) gets
 * each new event once, in seq order. onJoinFailed(error) when the hub refuses the join (for example when more was
 * missed than it replays: reload the feed then). Stops when signal aborts. Returns { lastSeq } (a getter).
 */
export function followCircle(circleId, { afterSeq, onEvent, onJoinFailed, signal }) {
  let lastSeq = Number(afterSeq) || 0;
  let joining = false;
  let again = false;

  onLive('circleEvent', (message) => {
    if (signal.aborted || !message || message.circleId !== circleId) return;
    const seq = Number(message.seq);
    if (!Number.isFinite(seq) || seq <= lastSeq) return;
    lastSeq = seq;
    try {
      onEvent(message);
    } catch (error) {
      console.error('circle event failed', message.kind, error);
    }
  }, signal);

  async function join() {
    if (joining) {
      again = true;
      return;
    }
    joining = true;
    try {
      do {
        again = false;
        if (signal.aborted) return;
        // The answer is the last seq the hub sent during the join; the events themselves moved lastSeq.
        await invokeLive('JoinCircle', circleId, lastSeq);
      } while (again);
    } catch (error) {
      // Not connected (any more): the next `connected` joins again. A refusal from the hub is for the page.
      if (!signal.aborted && liveStatus.get() === 'connected' && !/not connected/i.test(String(error?.message))) {
        onJoinFailed?.(error);
      }
    } finally {
      joining = false;
    }
  }

  liveStatus.subscribe((state) => {
    if (state === 'connected' && !signal.aborted) join();
  }, signal);

  signal.addEventListener('abort', () => {
    invokeLive('LeaveCircle', circleId).catch(() => {});
  }, { once: true });

  return {
    get lastSeq() {
      return lastSeq;
    },
  };
}
