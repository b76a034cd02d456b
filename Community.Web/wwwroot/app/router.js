// History router: pushState navigation, same-origin link interception, and one page rendered at a
// time into the outlet. The server answers every page path with index.html.
const SERVER_PATHS = /^\/(api|hubs|openapi|api-reference|health|lib|css|app)(\/|$)/;

let routes = {};
let fallback = null;
let outlet = null;
let contextFor = null;
let current = null;
let firstRender = true;
let guard = null;

/**
 * routes: path → async (container, ctx) => void; a path may hold parameters (`/circles/:circleId`), given to the
 * page as ctx.routeParams. guard(path, url) may return a URL to go to instead. makeContext(url, signal) builds
 * the ctx given to pages.
 */
export function startRouter({ routes: table, notFound, container, makeContext, guard: redirectFor }) {
  routes = table;
  fallback = notFound;
  outlet = container;
  contextFor = makeContext;
  guard = redirectFor;
  window.addEventListener('popstate', () => render());
  document.addEventListener('click', onClick);
  return render();
}

function onClick(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest?.('a[href]');
  if (!link || link.target || link.hasAttribute('download') || link.getAttribute('aria-disabled') === 'true') return;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin || SERVER_PATHS.test(url.pathname)) return;
  if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) return;
  event.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}

export function navigate(to, { replace = false } = {}) {
  const url = new URL(to, window.location.href);
  const target = url.pathname + url.search + url.hash;
  if (replace) window.history.replaceState(null, '', target);
  else window.history.pushState(null, '', target);
  return render();
}

/** The page and its parameters for a path: an exact route first, then the first pattern that matches; or null. */
export function matchRoute(path, table = routes) {
  if (Object.hasOwn(table, path)) return { page: table[path], params: {} };
  for (const [pattern, page] of Object.entries(table)) {
    if (!pattern.includes(':')) continue;
    const names = [];
    const source = pattern.split('/').map((part) => {
      if (part.startsWith(':')) {
        names.push(part.slice(1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }).join('/');
    const match = new RegExp(`^${source}$`).exec(path);
    if (!match) continue;
    try {
      return { page, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])])) };
    } catch {
      return null; // a malformed escape is no page
    }
  }
  return null;
}

export function currentPath() {
  return window.location.pathname + window.location.search;
}

async function render() {
  const url = new URL(window.location.href);
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  const redirect = guard?.(path, url);
  if (redirect && redirect !== path + url.search) return navigate(redirect, { replace: true });

  current?.abort();
  const controller = new AbortController();
  current = controller;
  const route = matchRoute(path);
  const page = route?.page ?? fallback;
  const ctx = { ...contextFor(url, controller.signal), routeParams: route?.params ?? {} };
  outlet.replaceChildren();
  outlet.setAttribute('aria-busy', 'true');
  try {
    await page(outlet, ctx);
  } catch (error) {
    if (error?.name !== 'AbortError') console.error('page failed', error);
  } finally {
    if (current === controller) outlet.removeAttribute('aria-busy');
  }
  if (!firstRender && current === controller) {
    window.scrollTo(0, 0);
    const heading = outlet.querySelector('h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
  }
  firstRender = false;
}
