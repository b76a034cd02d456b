// /channels/{regionCode} — a region's channel, what that region's client shows: the region's name, a switcher to another
// region (GET /api/regions), and the works aimed at it, newest first (GET /api/channels/{regionCode}/works), each with
// its kind, creator, tiers and reprint attribution; "load more" follows the `next` cursor.
import { get } from '../../api.js';
import { h, icon, setI18n } from '../../dom.js';
import { field, messageBox } from '../../forms.js';
import { onLangChange } from '../../i18n.js';
import { ICONS } from '../../icons.js';
import { byCode, fillRegionSelect, loadRegions, regionName } from '../../regions.js';
import { detailOf, loadPages, workCard } from './work-view.js';

const PAGE_SIZE = 20;
const CODE_PATTERN = /^[0-9]{6}$/;

export async function render(container, ctx) {
  const { signal } = ctx;
  const regionCode = ctx.routeParams?.regionCode ?? '';
  ctx.app.setTitle('channel.title');
  const box = messageBox('channel-message');
  const title = h('h1', { class: 'channel-title', testid: 'channel-title', i18n: 'app.loading' });
  const select = h('select', {});
  const switchField = field({ name: 'region', labelKey: 'channel.switch', control: select, testid: 'channel-region' });
  const go = h('button', { type: 'submit', class: 'button', testid: 'channel-go', i18n: 'channel.go' });
  const switcher = h('form', { class: 'card channel-switcher', testid: 'channel-switcher', novalidate: true },
    switchField.wrapper, go);
  const list = h('ul', { class: 'work-list', testid: 'channel-works', 'aria-labelledby': 'channel-works-title' });
  const empty = h('p', { class: 'card muted', testid: 'channel-empty', i18n: 'channel.empty', hidden: true });
  const more = h('button', { type: 'button', class: 'button button-block', testid: 'channel-more', i18n: 'list.more', hidden: true });
  container.append(h('div', { class: 'creators-page channel-page' },
    h('a', { class: 'back-link', href: '/' }, icon(ICONS.back, { size: 18 }), h('span', { i18n: 'nav.home' })),
    title, switcher, box.element,
    h('h2', { id: 'channel-works-title', class: 'channel-works-title', i18n: 'channel.works' }),
    list, empty, more));

  switcher.addEventListener('submit', (event) => {
    event.preventDefault();
    if (select.value && select.value !== regionCode) ctx.navigate(`/channels/${encodeURIComponent(select.value)}`);
  });

  const regions = await loadRegions().catch(() => []);
  if (signal.aborted) return;
  const regionsByCode = byCode(regions);
  fillRegionSelect(select, regions, { placeholderKey: 'channel.choose' });
  select.value = regionCode;
  const renderTitle = () => {
    const region = regionsByCode.get(regionCode);
    setI18n(title, region || CODE_PATTERN.test(regionCode) ? 'channel.of' : 'channel.notFound', { region: region ? regionName(region) : regionCode });
    if (region) ctx.app.setTitle('channel.of', { region: regionName(region) });
  };
  renderTitle();
  onLangChange(() => {
    fillRegionSelect(select, regions, { placeholderKey: 'channel.choose' });
    renderTitle();
  }, signal);
  if (!CODE_PATTERN.test(regionCode)) return;

  let next = null;
  const seen = new Set();
  async function load(after) {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (after) query.set('after', after);
    const page = await get(`/api/channels/${encodeURIComponent(regionCode)}/works?${query}`, { signal });
    if (signal.aborted) return;
    for (const work of page?.items ?? []) {
      if (seen.has(work.workId)) continue;
      seen.add(work.workId);
      list.append(workCard(work, { signal, testid: 'channel-work' }));
    }
    next = page?.next ?? null;
    more.hidden = !next;
    empty.hidden = seen.size > 0;
  }
  await loadPages({
    load, nextCursor: () => next, more, box, signal,
    firstFailed: (error) => box.show('error', error?.status === 404 ? 'channel.notFound' : 'list.failed', detailOf(error), { region: regionCode }),
  });
}
