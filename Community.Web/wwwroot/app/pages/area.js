// Every area route goes through here (main.js builds the table from areas.js): the role check, the area's stylesheet
// and module loaded on first use, then the page. `frame` routes are drawn inside the area frame (title, back link);
// the others (a circle's feed) draw their own page.
import { canUse } from '../areas.js';
import { h, icon } from '../dom.js';
import { ICONS } from '../icons.js';
import { ensureStylesheet } from '../styles.js';
import { loadProfile, profileStore } from '../areas/users/profile.js';

export async function renderArea(area, route, container, ctx) {
  const framed = route.frame || !canUse(area, ctx.session?.roles);
  let body = container;
  if (framed) {
    ctx.app.setTitle(`area.${area.name}.name`);
    body = h('div', { class: 'area-body' });
    container.append(h('div', { class: `area-page area-page-${area.name}` },
      h('a', { class: 'back-link', href: '/' }, icon(ICONS.back, { size: 18 }), h('span', { i18n: 'nav.home' })),
      body));
  }

  // The token's roles are what the API checks.
  if (!route.public && !canUse(area, ctx.session?.roles)) {
    if (!profileStore.get()) await loadProfile().catch(() => {});
    if (ctx.signal.aborted) return;
    const granted = canUse(area, profileStore.get()?.roles);
    body.append(
      h('h1', { i18n: `area.${area.name}.name` }),
      h('div', { class: 'card notice', testid: 'area-denied' },
        icon(ICONS.lock),
        h('p', { i18n: granted ? 'area.signInAgain' : `area.${area.name}.requires` }),
        granted ? null : h('p', { class: 'muted', i18n: 'area.deniedHint' })));
    return;
  }

  const [module] = await Promise.all([route.page(), ensureStylesheet(area.stylesheet)]);
  if (ctx.signal.aborted) return;
  await module.render(body, { ...ctx, area });
}
