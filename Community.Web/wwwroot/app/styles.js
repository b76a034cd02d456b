// Each area's stylesheet, linked the first time one of its pages is shown (areas.js names it). The page waits for it
// (or for its failure: a page without its styles is still usable) so nothing is drawn unstyled first.
// Content-Security-Policy `style-src 'self'` allows a same-origin <link>.
const loaded = new Map();

export function ensureStylesheet(href) {
  if (!href) return Promise.resolve();
  let done = loaded.get(href);
  if (!done) {
    done = new Promise((resolve) => {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      link.addEventListener('load', () => resolve(), { once: true });
      link.addEventListener('error', () => resolve(), { once: true });
      document.head.append(link);
    });
    loaded.set(href, done);
  }
  return done;
}
