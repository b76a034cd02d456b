// / — the home shell: the areas with a nav entry in areas.js (those the user's roles open, the others disabled with a hint),
// the profile card with its edit form, and live notifications.
import { NAV_AREAS, areaNamed, canUse } from '../areas.js';
import { h, icon } from '../dom.js';
import { t } from '../i18n.js';
import { ICONS } from '../icons.js';
import { notificationList } from '../notification-list.js';
import { profileStore } from '../areas/users/profile.js';
import { profileCard } from '../areas/users/profile-card.js';
import { ensureStylesheet } from '../styles.js';

function areaCard(area, allowed, hintKey) {
  const body = [
    h('span', { class: 'area-icon' }, icon(area.nav.icon)),
    h('span', { class: 'area-text' },
      h('span', { class: 'area-name', i18n: `area.${area.name}.name` }),
      h('span', { class: 'area-summary', i18n: `area.${area.name}.summary` }),
      allowed ? null : h('span', { class: 'area-hint' }, icon(ICONS.lock, { size: 14 }), h('span', { i18n: hintKey }))),
  ];
  return allowed
    ? h('a', { class: `area-card area-${area.name}`, href: area.nav.path, testid: area.nav.testid }, body)
    : h('a', { class: `area-card area-${area.name} is-disabled`, testid: area.nav.testid, 'aria-disabled': 'true', role: 'link' }, body);
}

export async function renderHome(container, ctx) {
  ctx.app.setTitle(null);
  // The profile card is the users area's: its styles come with that area.
  await ensureStylesheet(areaNamed('users').stylesheet);
  if (ctx.signal.aborted) return;
  const grid = h('nav', { class: 'area-grid', 'aria-label': t('home.areas'), 'data-i18n-aria-label': 'home.areas' });
  container.append(h('div', { class: 'home' },
    h('div', { class: 'page-intro' },
      h('h1', { i18n: 'home.title' }),
      h('p', { class: 'lead', i18n: 'home.lead' })),
    grid,
    h('div', { class: 'home-columns' }, profileCard(ctx, { editable: true }), notificationList(ctx))));

  // The session's roles (those in the token, which the API checks) open an area. A role granted since
  // sign-in (the profile follows it live) is pointed out: it works after signing in again.
  profileStore.subscribe((profile) => {
    const tokenRoles = ctx.session?.roles ?? [];
    grid.replaceChildren(...NAV_AREAS.map((area) => {
      if (canUse(area, tokenRoles)) return areaCard(area, true);
      const granted = profile && canUse(area, profile.roles);
      return areaCard(area, false, granted ? 'area.signInAgain' : `area.${area.name}.requires`);
    }));
  }, ctx.signal);
}
