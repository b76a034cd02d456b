// Following one sequenced stream on the hub, the way every page does it: (re)join whenever the connection is
// (re)connected, with the last seq received, so a reconnect replays exactly what was missed; events at or below that
// seq (a replay overlapping what already arrived, or the same event on two streams) are dropped; leave when the page
// goes away.
import { invokeLive, liveStatus, onLive } from './live.js';

/**
 * message: the hub message to listen to (e.g. 'circleEvent'); matches(message): whether it is this stream's.
 * join(lastSeq): the hub call that (re)joins after lastSeq; its answer, when a number, is the last seq the hub sent.
 * leave(): the hub call when signal aborts. onEvent(message, { replayed }) gets each new event once, in seq order;
 * `replayed` is true for events of the first join's catch-up. onJoinFailed(error) when the hub refuses the join.
 * Returns { lastSeq (a getter), seen(seq) }: seen() tells it a seq the page read from the source itself.
 */
export function followSequenced({ message, matches, join, leave, afterSeq = 0, onEvent, onJoinFailed, signal }) {
  let lastSeq = Math.max(0, Number(afterSeq) || 0);
  let joined = false; // the first join has answered
  let joining = false;
  let again = false;

  onLive(message, (received) => {
    if (signal.aborted || !received || !matches(received)) return;
    const seq = Number(received.seq);
    if (!Number.isFinite(seq) || seq <= lastSeq) return;
    lastSeq = seq;
    try {
      onEvent(received, { replayed: !joined });
    } catch (error) {
      console.error(`${message} failed`, received.kind, error);
    }
  }, signal);

  async function rejoin() {
    if (joining) {
      again = true;
      return;
    }
    joining = true;
    try {
      do {
        again = false;
        if (signal.aborted) return;
        const answered = Number(await join(lastSeq));
        if (Number.isFinite(answered) && answered > lastSeq) lastSeq = answered;
        joined = true;
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
    if (state === 'connected' && !signal.aborted) rejoin();
  }, signal);

  signal.addEventListener('abort', () => {
    Promise.resolve().then(leave).catch(() => {});
  }, { once: true });

  return {
    get lastSeq() {
      return lastSeq;
    },
    seen(seq) {
      const value = Number(seq);
      if (Number.isFinite(value) && value > lastSeq) lastSeq = value;
    },
  };
}

/** Follow(stream, afterSeq) / Unfollow(stream): the generic streams of the hub (`ticket:{id}`, `creator:{id}` …). */
export function followStream(stream, message, matches, options) {
  return followSequenced({
    ...options,
    message,
    matches,
    join: (lastSeq) => invokeLive('Follow', stream, lastSeq),
    leave: () => invokeLive('Unfollow', stream),
  });
}
