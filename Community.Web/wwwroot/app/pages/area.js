// /circles, /creator, /gov, /admin — an area's page: the role check, then app/areas/<name>.js renders.
import { AREAS, canUse } from '../areas.js';
import { h, icon } from '../dom.js';
import { ICONS } from '../icons.js';
import { loadProfile, profileStore } from '../profile.js';

export async function renderArea(name, container, ctx) {
  const area = AREAS.find((a) => a.name === name);
  ctx.app.setTitle(`area.${name}.name`);
  const body = h('div', { class: 'area-body' });
  container.append(h('div', { class: `area-page area-page-${name}` },
    h('a', { class: 'back-link', href: '/' }, icon(ICONS.back, { size: 18 }), h('span', { i18n: 'nav.home' })),
    body));

  // The token's roles are what the API checks.
  if (!canUse(area, ctx.session?.roles)) {
    if (!profileStore.get()) await loadProfile().catch(() => {});
    if (ctx.signal.aborted) return;
    const granted = canUse(area, profileStore.get()?.roles);
    body.append(
      h('h1', { i18n: `area.${name}.name` }),
      h('div', { class: 'card notice', testid: 'area-denied' },
        icon(ICONS.lock),
        h('p', { i18n: granted ? 'area.signInAgain' : `area.${name}.requires` }),
        granted ? null : h('p', { class: 'muted', i18n: 'area.deniedHint' })));
    return;
  }

  const module = await import(`../areas/${name}.js`);
  if (ctx.signal.aborted) return;
  await module.render(body, { ...ctx, area });
}
