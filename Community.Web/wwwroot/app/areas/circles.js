// Reader area: interest circles. The circles of the reader's region and of the province, and search by name,
// all from GET /api/circles (the circle directory read model). A card opens the circle's feed (circle-feed.js).
import { get } from '../api.js';
import { h, icon, setText } from '../dom.js';
import { formatNumber, onLangChange, t } from '../i18n.js';
import { ICONS } from '../icons.js';
import { loadProfile, profileStore } from '../profile.js';
import { byCode, loadRegions, regionName } from '../regions.js';

const PROVINCE = '330000';
const SEARCH_DELAY_MS = 250;

export async function render(container, ctx) {
  const search = h('input', {
    type: 'search', class: 'circle-search', testid: 'circle-search', autocomplete: 'off', maxlength: '40',
    'aria-label': t('circles.search'), placeholder: t('circles.search'),
  });
  const results = h('section', { class: 'circle-section', testid: 'circle-results', hidden: true, 'aria-live': 'polite' });
  const byRegion = h('div', { class: 'circle-regions' });
  container.append(
    h('header', { class: 'area-header' },
      h('span', { class: 'area-icon area-circles' }, icon(ICONS.circles)),
      h('div', {},
        h('h1', { i18n: 'area.circles.name' }),
        h('p', { class: 'lead', i18n: 'area.circles.summary' }))),
    h('div', { class: 'field' }, search),
    results, byRegion);
  onLangChange(() => {
    search.placeholder = t('circles.search');
    search.setAttribute('aria-label', t('circles.search'));
  }, ctx.signal);

  const [profile, regions] = await Promise.all([
    profileStore.get() ?? loadProfile().catch(() => null),
    loadRegions().catch(() => []),
  ]);
  if (ctx.signal.aborted) return;
  const regionsByCode = byCode(regions);
  // The reader's own region first, then each region above it up to the province.
  const chain = [];
  for (let code = profile?.regionCode ?? PROVINCE; code; code = regionsByCode.get(code)?.parentCode) {
    chain.push(code);
    if (code === PROVINCE || chain.length > 3) break;
  }
  if (!chain.includes(PROVINCE)) chain.push(PROVINCE);
  await Promise.all(chain.map((code) => {
    const section = h('section', { class: 'circle-section', testid: `circles-region-${code}` });
    byRegion.append(section);
    return fillSection(section, `/api/circles?regionCode=${encodeURIComponent(code)}&limit=50`, ctx.signal,
      'circles.ofRegion', { region: regionsByCode.has(code) ? regionName(regionsByCode.get(code)) : code });
  }));

  let timer = null;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const q = search.value.trim();
      results.hidden = q.length === 0;
      if (q) fillSection(results, `/api/circles?q=${encodeURIComponent(q)}&limit=50`, ctx.signal, 'circles.results', { q });
    }, SEARCH_DELAY_MS);
  });
}

async function fillSection(section, path, signal, titleKey, vars) {
  const title = h('h2', { i18n: titleKey, i18nVars: vars });
  section.replaceChildren(title, h('p', { class: 'muted', i18n: 'app.loading' }));
  try {
    const page = await get(path, { signal });
    if (signal.aborted) return;
    section.replaceChildren(title, page.items.length === 0
      ? h('p', { class: 'muted', testid: 'circles-empty', i18n: 'circles.none' })
      : h('ul', { class: 'circle-list' }, page.items.map((circle) => circleCard(circle, signal))));
  } catch (error) {
    if (signal.aborted) return;
    section.replaceChildren(title, h('p', { class: 'message message-error', role: 'alert', i18n: 'circles.loadFailed' }));
  }
}

function circleCard(circle, signal) {
  const members = h('span', { class: 'circle-members' });
  const renderMembers = () => setText(members, t('circles.members', { n: formatNumber(circle.memberCount) }));
  renderMembers();
  onLangChange(renderMembers, signal);
  // The whole card opens the circle's feed (/circles/{id}).
  return h('li', { class: 'card circle-card', testid: 'circle-card', dataset: { circleId: circle.circleId } },
    h('a', { class: 'circle-link', href: `/circles/${encodeURIComponent(circle.circleId)}`, testid: 'circle-link' },
      h('h3', { class: 'circle-name', text: circle.name }),
      h('p', { class: 'circle-description', text: circle.description }),
      members));
}
