// /works/{workId} — a work as readers see it: its title, creator, date, kind and tiers; the kind's body (an article's
// paragraphs, a video with its poster, a gallery of captioned figures); "corrected on <date>: <note>" for each
// correction; for a reprint, "reprinted from <creator>" linking the original; and how often it was reprinted.
import { get } from '../../api.js';
import { append, h, icon, setI18n, setText } from '../../dom.js';
import { errorTitleKey, messageBox } from '../../forms.js';
import { formatDate, formatNumber, onLangChange, t } from '../../i18n.js';
import { ICONS } from '../../icons.js';
import {
  ID_PATTERN, creatorPage, detailOf, kindChip, reprintAttribution, tierChips, timeElement, workBody, workPath,
} from './work-view.js';

export async function render(container, ctx) {
  const { signal } = ctx;
  const workId = ctx.routeParams?.workId ?? '';
  ctx.app.setTitle('area.creators.name');
  const box = messageBox('work-page-message');
  const back = h('a', { class: 'back-link', href: '/' }, icon(ICONS.back, { size: 18 }), h('span', { i18n: 'nav.home' }));
  const title = h('h1', { class: 'work-title', testid: 'work-title', i18n: 'app.loading' });
  const article = h('article', { class: 'card work-page-card', 'aria-labelledby': 'work-page-title' }, title);
  title.id = 'work-page-title';
  container.append(h('div', { class: 'creators-page work-page' }, back, box.element, article));

  if (!ID_PATTERN.test(workId)) {
    setI18n(title, 'work.notFound');
    return;
  }
  let work;
  try {
    work = await get(workPath(workId), { signal });
  } catch (error) {
    if (signal.aborted || error?.name === 'AbortError') return;
    setI18n(title, error?.status === 404 ? 'work.notFound' : 'area.creators.name');
    if (error?.status !== 404) box.show('error', errorTitleKey(error), detailOf(error));
    return;
  }
  if (signal.aborted) return;
  ctx.app.setTitle('work.pageTitle', { title: work.title });
  back.href = creatorPage(work.creatorId);
  back.replaceChildren(icon(ICONS.back, { size: 18 }), h('span', { text: work.creatorName || work.creatorId }));
  setText(title, work.title || t('work.untitled'));

  const reprints = h('p', { class: 'work-reprint-count', testid: 'work-reprint-count' });
  const renderCounts = () => setText(reprints, t('work.reprintCount', { n: formatNumber(work.reprintCount) }));
  renderCounts();
  onLangChange(renderCounts, signal);

  const corrections = (Array.isArray(work.corrections) ? work.corrections : []).filter((c) => c?.note);
  const correctionList = corrections.length
    ? h('section', { class: 'work-corrections', 'aria-labelledby': 'work-corrections-title' },
      h('h2', { id: 'work-corrections-title', class: 'work-corrections-title', i18n: 'work.corrections' }),
      h('ul', {}, corrections.map((correction) => {
        const label = h('span', { class: 'work-correction-when' });
        const renderLabel = () => setText(label, t('work.correctedOn', { date: formatDate(correction.at) }));
        renderLabel();
        onLangChange(renderLabel, signal);
        return h('li', { class: 'work-correction', testid: 'work-correction' },
          label, h('span', { class: 'work-correction-note', text: correction.note }));
      })))
    : null;

  append(article, [
    h('p', { class: 'work-meta' },
      h('a', { class: 'work-creator', href: creatorPage(work.creatorId), testid: 'work-creator', text: work.creatorName || work.creatorId }),
      work.publishedAt ? timeElement(work.publishedAt, signal) : null),
    h('div', { class: 'work-card-head' }, kindChip(work.kind), tierChips(work.targetTiers)),
    work.status === 'withdrawn' ? h('p', { class: 'message message-error', testid: 'work-withdrawn', i18n: 'work.withdrawnNotice' }) : null,
    reprintAttribution(work.reprintOf),
    work.status === 'withdrawn' ? null : workBody(work),
    correctionList,
    reprints]);
}
