// The app shell: header (product, user, client, live status, language, sign-out), the router and the
// session's lifetime (profile, live connection, notifications).
import { del, onUnauthorized } from './api.js';
import { setI18n, setText } from './dom.js';
import { applyI18n, lang, onLangChange, t, toggleLang } from './i18n.js';
import { invokeLive, liveStatus, onLive, startLive, stopLive } from './live.js';
import { addNotification, clearNotifications, lastNotificationSeq, restoreNotifications } from './notifications.js';
import { loadProfile, mergeProfile, profileStore, resetProfile } from './areas/users/profile.js';
import { byCode, clientName, loadClients, loadRegions, tierName } from './regions.js';
import { currentPath, matchRoute, navigate, startRouter } from './router.js';
import { clearSession, freshToken, getSession, onSessionChangedElsewhere, onTokenRefreshed } from './session.js';
import { AREAS } from './areas.js';
import { renderArea } from './pages/area.js';
import { renderHome } from './pages/home.js';
import { renderNotFound } from './pages/not-found.js';

// The routes: the home page, then every route of every area (areas.js); old paths of areas redirect.
const routes = { '/': renderHome };
const PUBLIC_ROUTES = new Set(); // for signed-out visitors only (sign-in, register)
const OPEN_ROUTES = new Set(); // for everyone, signed in or not
const REDIRECTS = new Map();
for (const area of AREAS) {
  for (const route of area.routes) {
    if (Object.hasOwn(routes, route.path)) console.warn(`route ${route.path} of area ${area.name} is defined twice`);
    routes[route.path] = (container, ctx) => renderArea(area, route, container, ctx);
    if (route.public) PUBLIC_ROUTES.add(route.path);
    if (route.open) OPEN_ROUTES.add(route.path);
  }
  for (const [from, to] of Object.entries(area.redirects ?? {})) REDIRECTS.set(from, to);
}

const header = {
  user: document.querySelector('.header-user'),
  avatar: document.querySelector('.header-avatar'),
  name: document.querySelector('[data-testid="home-displayname"]'),
  client: document.querySelector('[data-testid="home-client"]'),
  live: document.querySelector('[data-testid="live-status"]'),
  liveText: document.querySelector('[data-testid="live-status"] .live-text'),
  signOut: document.querySelector('[data-testid="signout"]'),
  lang: document.querySelector('[data-testid="lang-switch"]'),
};

// ---- page title -------------------------------------------------------------------------------
let titleKey = null;
let titleVars;
function setTitle(key, vars) {
  titleKey = key;
  titleVars = vars;
  document.title = key ? `${t(key, vars)} · ${t('app.name')}` : t('app.name');
}

// ---- session lifetime ---------------------------------------------------------------------------
let sessionId = null;
let refreshTimer = null;

function beginSession(session) {
  sessionId = session.sessionId ?? session.accessToken;
  restoreNotifications(session.userId);
  resetProfile();
  loadProfile().catch(() => {});
  startLive(async () => (await freshToken()) ?? '', { onUnauthorized: () => expireSession() });
  // Tokens live minutes: refresh ahead of expiry so that the live connection never outlives its token.
  clearInterval(refreshTimer);
  refreshTimer = setInterval(async () => {
    if (getSession() && !(await freshToken())) expireSession();
  }, 30_000);
  renderHeader();
}

function endSession() {
  sessionId = null;
  clearInterval(refreshTimer);
  stopLive();
  clearSession();
  resetProfile();
  clearNotifications();
  renderHeader();
}

function expireSession() {
  const next = currentPath();
  endSession();
  const query = new URLSearchParams({ expired: '1' });
  if (next && next !== '/' && !next.startsWith('/signin')) query.set('next', next);
  navigate(`/signin?${query}`, { replace: true });
}

const app = {
  /** Called by the sign-in page with the stored session. */
  signedIn(session) {
    beginSession(session);
  },
  async signOut() {
    // Ends the session on the server too: its tokens stop working everywhere at once.
    if (getSession()) await del('/api/sessions/current').catch(() => {});
    endSession();
    navigate('/signin');
  },
  setTitle,
};

onUnauthorized(() => expireSession());

// A refresh in this tab: the open live connection carries on under the new token.
onTokenRefreshed((token) => invokeLive('RenewToken', token).catch(() => {}));

onSessionChangedElsewhere((session) => {
  if (!session && sessionId) {
    endSession();
    navigate('/signin');
  } else if (session && (session.sessionId ?? session.accessToken) !== sessionId) {
    beginSession(session);
    navigate('/', { replace: true });
  }
});

onLive('userEvent', (message) => {
  if (!addNotification(message)) return;
  if (message.kind === 'profileUpdated') mergeProfile(message.data);
  else if (message.kind === 'roleGranted' || message.kind === 'pointsChanged') loadProfile().catch(() => {});
});

// ---- header ----------------------------------------------------------------------------------------
let clientLabelRequest = 0;

async function renderClientLabel(session) {
  const request = ++clientLabelRequest;
  setText(header.client, '');
  if (!session?.clientId) return;
  try {
    const [clients, regions] = await Promise.all([loadClients(), loadRegions()]);
    if (request !== clientLabelRequest) return;
    const client = clients.find((c) => c.clientId === session.clientId);
    setText(header.client, client
      ? t('header.client', { client: clientName(client, byCode(regions)), tier: tierName(client.tier) })
      : session.clientId);
  } catch {
    if (request === clientLabelRequest) setText(header.client, session.clientId);
  }
}

function renderHeader() {
  const session = getSession();
  header.user.hidden = !session;
  header.signOut.hidden = !session;
  renderClientLabel(session);
}

profileStore.subscribe((profile) => {
  setText(header.name, profile?.displayName ?? '');
  setText(header.avatar, profile?.displayName ? Array.from(profile.displayName)[0] : '');
});

let wasReconnecting = false;
liveStatus.subscribe((state) => {
  header.live.dataset.state = state;
  setI18n(header.liveText, `live.${state}`);
  const session = getSession();
  if (state !== 'connected' || !session) {
    if (state === 'reconnecting') wasReconnecting = true;
    return;
  }
  // On every (re)connect the user stream resumes after the last notification this tab saw: what happened while it
  // was away (or closed) arrives first, each once.
  const lastSeq = lastNotificationSeq();
  if (lastSeq > 0) invokeLive('Follow', `user:${session.userId}`, lastSeq).catch(() => {});
  if (wasReconnecting) {
    wasReconnecting = false;
    loadProfile().catch(() => {});
  }
});

header.lang.addEventListener('click', () => toggleLang());
header.signOut.addEventListener('click', () => app.signOut());

onLangChange(() => {
  setTitle(titleKey, titleVars);
  renderClientLabel(getSession());
});

// ---- start -----------------------------------------------------------------------------------------
document.documentElement.lang = lang();
applyI18n(document);

const initial = getSession();
if (initial) beginSession(initial);
else renderHeader();

startRouter({
  routes,
  notFound: renderNotFound,
  container: document.getElementById('main'),
  guard(path, url) {
    if (REDIRECTS.has(path)) return REDIRECTS.get(path) + url.search + url.hash;
    const session = getSession();
    if (!session && matchRoute(path, routes) && !PUBLIC_ROUTES.has(path) && !OPEN_ROUTES.has(path)) {
      const next = path + url.search;
      return next === '/' ? '/signin' : `/signin?${new URLSearchParams({ next })}`;
    }
    if (session && PUBLIC_ROUTES.has(path)) return '/';
    return null;
  },
  makeContext: (url, signal) => ({
    url,
    params: url.searchParams,
    signal,
    session: getSession(),
    navigate,
    app,
  }),
});
