// The reader's own likes. The API keeps who liked what but does not say whether *I* liked a post, so the like
// button's state is remembered here, per user, in localStorage (the most recent ones only).
const PREFIX = 'community.likes.';
const MAX_REMEMBERED = 2000;

function key(userId) {
  return `${PREFIX}${userId ?? 'anonymous'}`;
}

function read(userId) {
  try {
    const list = JSON.parse(localStorage.getItem(key(userId)) ?? '[]');
    return Array.isArray(list) ? list.filter((id) => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

const cache = new Map();

function likedSet(userId) {
  if (!cache.has(userId)) cache.set(userId, new Set(read(userId)));
  return cache.get(userId);
}

export function isLiked(userId, postId) {
  return likedSet(userId).has(postId);
}

export function rememberLike(userId, postId, liked) {
  const set = likedSet(userId);
  set.delete(postId);
  if (liked) set.add(postId); // re-added last: the newest stay when the list is trimmed
  let list = [...set];
  if (list.length > MAX_REMEMBERED) {
    list = list.slice(list.length - MAX_REMEMBERED);
    cache.set(userId, new Set(list));
  }
  try {
    localStorage.setItem(key(userId), JSON.stringify(list));
  } catch {
    // Storage full or private mode: remembered for this page only.
  }
}
