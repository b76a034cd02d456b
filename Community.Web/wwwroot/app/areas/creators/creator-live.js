// Following one creator account's stream on the hub (`creator:{id}`, for its owner and moderators; see
// live-follow.js). The hub sends `creatorEvent {creatorId, seq, kind, data}`.
import { followStream } from '../../live-follow.js';

/**
 * Follows creatorId from afterSeq. onEvent(message, { replayed }) gets each new event once, in seq order; `replayed`
 * is true for events sent during the first follow's catch-up (older than the page, when afterSeq was not known).
 * onFollowFailed(error) when the hub refuses. Stops when signal aborts.
 */
export function followCreator(creatorId, { afterSeq = 0, onEvent, onFollowFailed, signal }) {
  return followStream(`creator:${creatorId}`, 'creatorEvent', (message) => message.creatorId === creatorId,
    { afterSeq, onEvent, onJoinFailed: onFollowFailed, signal });
}
