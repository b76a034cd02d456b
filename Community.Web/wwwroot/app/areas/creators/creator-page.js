// /creators/{creatorId}/page — a creator account as readers see it: its name, organisation type, region, the
// verified badge, its followers with Follow / Unfollow (POST /api/creators/{id}/followers, DELETE .../followers/me),
// and its published works, newest first, with "load more".
import { del, get, post as postJson } from '../../api.js';
import { h, icon, setI18n, setText } from '../../dom.js';
import { busy, errorTitleKey, messageBox } from '../../forms.js';
import { formatNumber, onLangChange, t } from '../../i18n.js';
import { ICONS } from '../../icons.js';
import { byCode, loadRegions, regionName } from '../../regions.js';
import { ID_PATTERN, ORG_TYPES, actionKey, creatorPath, detailOf, loadPages, workCard } from './work-view.js';

const PAGE_SIZE = 20;

export async function render(container, ctx) {
  const { signal } = ctx;
  const creatorId = ctx.routeParams?.creatorId ?? '';
  ctx.app.setTitle('area.creators.name');
  const box = messageBox('creator-message');
  const name = h('h1', { class: 'creator-name', testid: 'creator-name', i18n: 'app.loading' });
  const verified = h('span', { class: 'chip creator-verified', testid: 'creator-verified', hidden: true },
    icon(['M5 12l5 5 9-10'], { size: 14 }), h('span', { i18n: 'creator.verified' }));
  const orgType = h('span', { class: 'creator-org', testid: 'creator-org-type' });
  const region = h('span', { class: 'creator-region', testid: 'creator-region' });
  const followers = h('span', { class: 'creator-followers', testid: 'creator-followers' });
  const follow = h('button', { type: 'button', class: 'button button-primary', testid: 'follow-button', hidden: true });
  const followStatus = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', testid: 'follow-status' });
  const header = h('header', { class: 'card creator-header' },
    h('div', { class: 'creator-header-text' },
      h('div', { class: 'creator-title-row' }, name, verified),
      h('p', { class: 'creator-facts' }, orgType, region, followers)),
    h('div', { class: 'creator-header-actions' }, follow),
    followStatus);
  const list = h('ul', { class: 'work-list', testid: 'creator-works' });
  const empty = h('p', { class: 'card muted', testid: 'creator-works-empty', i18n: 'creator.noWorks', hidden: true });
  const more = h('button', { type: 'button', class: 'button button-block', testid: 'creator-works-more', i18n: 'list.more', hidden: true });
  container.append(h('div', { class: 'creators-page creator-page' },
    h('a', { class: 'back-link', href: '/' }, icon(ICONS.back, { size: 18 }), h('span', { i18n: 'nav.home' })),
    header, box.element,
    h('section', { class: 'creator-works-section', 'aria-labelledby': 'creator-works-title' },
      h('h2', { id: 'creator-works-title', i18n: 'creator.works' }), list, empty, more)));

  if (!ID_PATTERN.test(creatorId)) {
    setI18n(name, 'creator.notFound');
    return;
  }

  let creator;
  let regions = [];
  try {
    [creator, regions] = await Promise.all([get(creatorPath(creatorId), { signal }), loadRegions().catch(() => [])]);
  } catch (error) {
    if (signal.aborted || error?.name === 'AbortError') return;
    setI18n(name, error?.status === 404 ? 'creator.notFound' : 'area.creators.name');
    if (error?.status !== 404) box.show('error', errorTitleKey(error), detailOf(error));
    return;
  }
  if (signal.aborted) return;
  const regionsByCode = byCode(regions);
  ctx.app.setTitle('creator.pageTitle', { name: creator.name });

  function renderHeader() {
    setText(name, creator.name);
    verified.hidden = creator.status !== 'verified';
    setText(orgType, t(`creator.org.${ORG_TYPES.includes(creator.orgType) ? creator.orgType : 'individual'}`));
    const place = regionsByCode.get(creator.regionCode);
    setText(region, place ? regionName(place) : creator.regionCode ?? '');
    setText(followers, t('creator.followers', { n: formatNumber(creator.followers) }));
    follow.hidden = false;
    follow.dataset.following = String(Boolean(creator.following));
    follow.className = creator.following ? 'button' : 'button button-primary';
    setI18n(follow, creator.following ? 'creator.unfollow' : 'creator.follow');
  }
  renderHeader();
  onLangChange(renderHeader, signal);

  follow.addEventListener('click', async () => {
    box.clear();
    const wasFollowing = Boolean(creator.following);
    try {
      await busy(follow, wasFollowing ? 'creator.unfollowing' : 'creator.following', () => (wasFollowing
        ? del(`${creatorPath(creatorId)}/followers/me`, { headers: actionKey(), signal })
        : postJson(`${creatorPath(creatorId)}/followers`, undefined, { headers: actionKey(), signal })));
    } catch (error) {
      if (signal.aborted) return;
      box.show('error', errorTitleKey(error), detailOf(error));
      return;
    }
    creator = {
      ...creator,
      following: !wasFollowing,
      followers: Math.max(0, (Number(creator.followers) || 0) + (wasFollowing ? -1 : 1)),
    };
    renderHeader();
    setI18n(followStatus, wasFollowing ? 'creator.unfollowed' : 'creator.followed', { name: creator.name });
    follow.focus();
  });

  let next = null;
  let shown = 0;
  async function load(after) {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (after) query.set('after', after);
    const page = await get(`${creatorPath(creatorId)}/works?${query}`, { signal });
    if (signal.aborted) return;
    // Staff also get drafts and withdrawn works from this list: readers see what is published.
    for (const work of (page?.items ?? []).filter((w) => w.status === 'published')) {
      list.append(workCard(work, { signal, showCreator: false }));
      shown += 1;
    }
    next = page?.next ?? null;
    more.hidden = !next;
    empty.hidden = shown > 0 || Boolean(next);
  }
  await loadPages({ load, nextCursor: () => next, more, box, signal });
}
