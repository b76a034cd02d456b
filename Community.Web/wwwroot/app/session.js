// The signed-in session, kept in localStorage as `community.session`: the sign-in response
// ({accessToken, expiresIn, userId, roles}) plus the clientId signed in from (and when, to notice expiry).
const STORAGE_KEY = 'community.session';

export function getSession() {
  let session;
  try {
    session = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
  } catch {
    session = null;
  }
  if (!session || typeof session.accessToken !== 'string' || !session.accessToken) return null;
  if (session.signedInAt && session.expiresIn && Date.now() > session.signedInAt + session.expiresIn * 1000) {
    clearSession();
    return null;
  }
  return session;
}

export function saveSession(response, clientId) {
  const session = { ...response, clientId, signedInAt: Date.now() };
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

/** Calls fn when another tab signs in or out. */
export function onSessionChangedElsewhere(fn) {
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY || event.key === null) fn(getSession());
  });
}
