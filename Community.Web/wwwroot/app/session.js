// The signed-in session, kept in localStorage as `community.session`: the sign-in response
// ({accessToken, refreshToken, expiresIn, userId, roles, sessionId}) plus the clientId signed in from and when the
// access token expires. Access tokens live minutes; freshToken() exchanges the refresh token for new ones before
// that (POST /api/sessions/refresh), one tab at a time: each refresh token works once, and a second use ends the
// session on the server.
const STORAGE_KEY = 'community.session';
const LOCK = 'community.session.refresh';
const EARLY_MS = 60_000;
const TOKEN_EVENT = 'community:token';

export function getSession() {
  let session;
  try {
    session = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
  } catch {
    session = null;
  }
  if (!session || typeof session.accessToken !== 'string' || !session.accessToken) return null;
  return session;
}

export function saveSession(response, clientId) {
  const session = { ...response, clientId, accessExpiresAt: Date.now() + (response.expiresIn ?? 0) * 1000 };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  return session;
}

export function clearSession() {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to clear.
  }
}

/** Calls fn(accessToken) after this tab refreshed the session's tokens (the live connection renews with it). */
export function onTokenRefreshed(fn) {
  window.addEventListener(TOKEN_EVENT, (event) => fn(event.detail));
}

function expiresSoon(session) {
  return !session.accessExpiresAt || Date.now() > session.accessExpiresAt - EARLY_MS;
}

/**
 * The session's access token, refreshed first when it expires within a minute (or when `force`: the server refused
 * it). Resolves null when the session is over (no refresh token, or the server refused it): sign in again.
 */
export async function freshToken({ force = false } = {}) {
  const before = getSession();
  if (!before) return null;
  if (!force && !expiresSoon(before)) return before.accessToken;
  if (!before.refreshToken) return null;
  const run = () => refreshOnce(before.accessToken, force);
  return navigator.locks?.request ? navigator.locks.request(LOCK, run) : run();
}

async function refreshOnce(staleToken, force) {
  // Another tab may have refreshed while this one waited for the lock: its tokens are in storage.
  const session = getSession();
  if (!session) return null;
  if (session.accessToken !== staleToken && !expiresSoon(session)) return session.accessToken;
  if (!force && !expiresSoon(session)) return session.accessToken;
  let response;
  try {
    response = await fetch('/api/sessions/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
      credentials: 'same-origin',
    });
  } catch {
    // Offline: keep what we have; the next call tries again.
    return session.accessToken;
  }
  if (!response.ok) {
    if (response.status === 401 || response.status === 400) return null;
    return session.accessToken;
  }
  const fresh = saveSession({ ...session, ...(await response.json()) }, session.clientId);
  window.dispatchEvent(new CustomEvent(TOKEN_EVENT, { detail: fresh.accessToken }));
  return fresh.accessToken;
}

/** Calls fn when another tab signs in or out. */
export function onSessionChangedElsewhere(fn) {
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY || event.key === null) fn(getSession());
  });
}
