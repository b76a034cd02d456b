// /works/{workId} — a work as readers see it: its title, creator, date, kind and tiers; the kind's body (an article's
// paragraphs, a video with its poster, a gallery of captioned figures); "corrected on <date>: <note>" for each
// correction; for a reprint, "reprinted from <creator>" linking the original; and how often it was reprinted.
// For a signed-in reader of a published work: its views, likes and shares (GET /api/works/{id}/stats), a like button
// (PUT / DELETE /api/works/{id}/likes/me, shown at once and taken back when the call fails) and a share button (the
// system share sheet where there is one, else the link copied). Opening the page logs one `view`, and a share a
// `share`, to POST /api/events (fire and forget: a reader never waits for or hears about it).
import { del, get, post, put } from '../../api.js';
import { append, h, icon, setI18n, setText } from '../../dom.js';
import { errorTitleKey, messageBox } from '../../forms.js';
import { formatDate, formatNumber, onLangChange, t } from '../../i18n.js';
import { ICONS } from '../../icons.js';
import { getSession } from '../../session.js';
import {
  ID_PATTERN, creatorPage, detailOf, kindChip, reprintAttribution, tierChips, timeElement, workBody, workPage, workPath,
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
    reprints,
    work.status === 'published' && getSession() ? readerBar(work, signal) : null]);
  if (work.status === 'published' && getSession()) logEvent('view', work.workId);
}

const SHARE_ICON = ['M12 4v11', 'M7 9l5-5 5 5', 'M5 14v6h14v-6'];
const SHARE_STATUS_MS = 4000;

/** One behavior event, fire and forget: its failure (or a host without the route) is never the reader's concern. */
function logEvent(kind, workId) {
  post('/api/events', [{ kind, itemKind: 'work', itemId: workId }]).catch(() => {});
}

/** The numbers, the like button and the share button of a published work. */
function readerBar(work, signal) {
  const base = workPath(work.workId);
  let stats = { views: 0, likes: 0, shares: 0, liked: false };
  let liking = false;

  const views = h('span', { class: 'work-stat-value', testid: 'work-views' });
  const shares = h('span', { class: 'work-stat-value', testid: 'work-shares' });
  const numbers = h('p', { class: 'work-stats', testid: 'work-stats' },
    h('span', { class: 'work-stat' }, h('span', { class: 'work-stat-label', i18n: 'work.views' }), ' ', views),
    h('span', { class: 'work-stat' }, h('span', { class: 'work-stat-label', i18n: 'work.shares' }), ' ', shares));

  const likes = h('span', { class: 'action-count', testid: 'work-likes' });
  const likeButton = h('button', {
    type: 'button', class: 'work-action work-like', testid: 'work-like', 'aria-pressed': 'false', disabled: true, onClick: toggleLike,
  }, icon(ICONS.heart, { size: 20 }), h('span', { class: 'work-action-label', i18n: 'work.like' }), likes);
  const shareButton = h('button', { type: 'button', class: 'work-action work-share', testid: 'work-share', onClick: share },
    icon(SHARE_ICON, { size: 20 }), h('span', { class: 'work-action-label', i18n: 'work.share' }));
  const status = h('p', { class: 'work-action-status', role: 'status', testid: 'work-action-status' });
  const error = h('p', { class: 'work-action-error', role: 'alert', testid: 'work-action-error', hidden: true });

  const bar = h('section', { class: 'work-reader-bar', 'aria-label': t('work.actions'), 'data-i18n-aria-label': 'work.actions' },
    numbers, h('div', { class: 'work-actions' }, likeButton, shareButton), status, error);

  function render() {
    setText(views, formatNumber(stats.views));
    setText(shares, formatNumber(stats.shares));
    setText(likes, formatNumber(stats.likes));
    likes.dataset.value = String(stats.likes);
    likeButton.setAttribute('aria-pressed', stats.liked ? 'true' : 'false');
    likeButton.classList.toggle('is-liked', stats.liked);
  }
  render();
  onLangChange(render, signal);

  (async () => {
    try {
      const data = await get(`${base}/stats`, { signal });
      if (signal.aborted || !data) return;
      stats = {
        views: Number(data.views) || 0, likes: Number(data.likes) || 0, shares: Number(data.shares) || 0, liked: data.liked === true,
      };
      likeButton.disabled = false;
      render();
    } catch (failure) {
      if (signal.aborted || failure?.name === 'AbortError') return;
      // Without the numbers the page is still the work; the like stays off rather than guessing.
      numbers.hidden = true;
      likeButton.hidden = true;
    }
  })();

  function showError(failure) {
    const detail = detailOf(failure);
    error.replaceChildren(h('span', { class: 'message-title', i18n: errorTitleKey(failure) }),
      detail ? h('span', { class: 'message-detail', text: ` ${detail}` }) : null);
    error.hidden = false;
  }

  async function toggleLike() {
    if (liking) return;
    liking = true;
    error.hidden = true;
    const next = !stats.liked;
    stats = { ...stats, liked: next, likes: Math.max(0, stats.likes + (next ? 1 : -1)) };
    render();
    likeButton.setAttribute('aria-busy', 'true');
    try {
      await (next ? put(`${base}/likes/me`, undefined, { signal }) : del(`${base}/likes/me`, { signal }));
    } catch (failure) {
      if (signal.aborted || failure?.name === 'AbortError') return;
      stats = { ...stats, liked: !next, likes: Math.max(0, stats.likes + (next ? -1 : 1)) };
      render();
      showError(failure);
    } finally {
      liking = false;
      likeButton.removeAttribute('aria-busy');
    }
  }

  let statusTimer = null;
  function tell(key) {
    clearTimeout(statusTimer);
    setI18n(status, key);
    statusTimer = setTimeout(() => setText(status, ''), SHARE_STATUS_MS);
  }
  signal.addEventListener('abort', () => clearTimeout(statusTimer), { once: true });

  async function share() {
    error.hidden = true;
    const url = new URL(workPage(work.workId), window.location.origin).href;
    if (typeof navigator.share === 'function') {
      try {
        await navigator.share({ title: work.title || t('work.untitled'), url });
        logEvent('share', work.workId);
      } catch (failure) {
        // The reader closed the share sheet: nothing was shared. Any other failure falls back to copying.
        if (failure?.name === 'AbortError') return;
        await copy(url);
      }
      return;
    }
    await copy(url);
  }

  async function copy(url) {
    try {
      await navigator.clipboard.writeText(url);
      tell('work.linkCopied');
      logEvent('share', work.workId);
    } catch {
      setText(status, t('work.copyFailed', { url }));
    }
  }

  return bar;
}
