// Notifications received on the live hub's userEvent, newest first. Kept in sessionStorage for the
// signed-in user, so a reload of the tab keeps them; signing out clears them.
import { createStore } from './store.js';

const LIMIT = 50;
const STORAGE_KEY = 'community.notifications';
export const notificationsStore = createStore([]);
const seen = new Set();
let owner = null;

function persist(items) {
  if (!owner) return;
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ userId: owner, items }));
  } catch {
    // Storage full or unavailable: they stay for this page only.
  }
}

/** Starts the list for userId: what this tab kept for the same user, else empty. */
export function restoreNotifications(userId) {
  owner = userId ?? null;
  seen.clear();
  let items = [];
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    if (stored && stored.userId === owner && Array.isArray(stored.items)) {
      items = stored.items
        .filter((item) => item && typeof item.kind === 'string')
        .map((item) => ({ ...item, receivedAt: new Date(item.receivedAt) }))
        .slice(0, LIMIT);
    }
  } catch {
    items = [];
  }
  items.forEach((item) => item.seq !== null && seen.add(item.seq));
  notificationsStore.set(items);
}

/** Adds a userEvent {seq, kind, data}; a sequence number already seen (a replay) is ignored. */
export function addNotification(message) {
  if (!message || typeof message !== 'object') return false;
  const seq = Number.isFinite(message.seq) ? message.seq : null;
  if (seq !== null) {
    if (seen.has(seq)) return false;
    seen.add(seq);
  }
  const item = { seq, kind: String(message.kind ?? ''), data: message.data ?? null, receivedAt: new Date() };
  notificationsStore.update((items) => [item, ...items].slice(0, LIMIT));
  persist(notificationsStore.get());
  return true;
}

/** The highest userEvent seq this tab has seen for its user (0: none): the user stream resumes after it. */
export function lastNotificationSeq() {
  let last = 0;
  for (const seq of seen) if (seq > last) last = seq;
  return last;
}

export function clearNotifications() {
  owner = null;
  seen.clear();
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing kept.
  }
  notificationsStore.set([]);
}
