// Following one circle's live feed on the hub: JoinCircle(circleId, afterSeq) on every (re)connect, LeaveCircle when
// the page goes away (see live-follow.js).
import { invokeLive } from '../../live.js';
import { followSequenced } from '../../live-follow.js';

/**
 * Follows circleId from afterSeq (the lastSeq of the posts page shown). onEvent({circleId, seq, kind, data}) gets
 * each new event once, in seq order. onJoinFailed(error) when the hub refuses the join (for example when more was
 * missed than it replays: reload the feed then). Stops when signal aborts. Returns { lastSeq } (a getter).
 */
export function followCircle(circleId, { afterSeq, onEvent, onJoinFailed, signal }) {
  return followSequenced({
    message: 'circleEvent',
    matches: (message) => message.circleId === circleId,
    // The answer of JoinCircle is the last seq the hub sent during the join; the events themselves moved lastSeq.
    join: (lastSeq) => invokeLive('JoinCircle', circleId, lastSeq).then(() => undefined),
    leave: () => invokeLive('LeaveCircle', circleId),
    afterSeq,
    onEvent: (message) => onEvent(message),
    onJoinFailed,
    signal,
  });
}
