// The signed-in user's profile (GET /api/me), shared by the header, the home page and the areas.
import { get } from '../../api.js';
import { createStore } from '../../store.js';

/** null before it is loaded; {userId, userName, displayName, regionCode, roles, points, ...} after. */
export const profileStore = createStore(null);
export const profileError = createStore(null);

let loading = null;

export function loadProfile() {
  loading ??= get('/api/me')
    .then((profile) => {
      profileStore.set(profile);
      profileError.set(null);
      return profile;
    })
    .catch((error) => {
      profileError.set(error);
      throw error;
    })
    .finally(() => {
      loading = null;
    });
  return loading;
}

/** Merges fields pushed by the live hub (profileUpdated carries displayName and regionCode). */
export function mergeProfile(fields) {
  const current = profileStore.get();
  if (!current || !fields || typeof fields !== 'object') return;
  const next = { ...current };
  for (const key of ['displayName', 'regionCode', 'roles', 'points']) {
    if (fields[key] !== undefined && fields[key] !== null) next[key] = fields[key];
  }
  profileStore.set(next);
}

export function resetProfile() {
  profileStore.set(null);
  profileError.set(null);
}

