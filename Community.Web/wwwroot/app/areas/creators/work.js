// /works/{workId} — a work as readers see it: its title, creator, date, kind and tiers; the kind's body (an article's
// paragraphs, a video with its poster, a gallery of captioned figures); "corrected on <date>: <note>" for each
// correction; for a reprint, "reprinted from <creator>" linking the original; and how often it was reprinted.
// For a signed-in reader of a published work: its views, likes and shares (GET /api/works/{id}/stats), a like button
// (PUT / DELETE /api/works/{id}/likes/me, shown at once and taken back when the call fails) and a share button (the
// system share sheet where there is one, else the link copied). Opening the page logs one `view`, and a share a
// `share`, to POST /api/events (fire and forget: a reader never waits for or hears about it). Under them the work's
// comments, oldest first, page by page (GET /api/works/{id}/comments), and a form to add one (POST, one
// Idempotency-Key per submission, the same key when the same text is sent again); a posted comment is shown at once.
import { del, draftKey, get, post, put } from '../../api.js';
import { append, h, icon, setI18n, setText } from '../../dom.js';
import { busy, errorTitleKey, field, messageBox, showProblem } from '../../forms.js';
import { formatDate, formatNumber, onLangChange, t } from '../../i18n.js';
import { ICONS } from '../../icons.js';
import { getSession } from '../../session.js';
import {
  ID_PATTERN, creatorPage, detailOf, kindChip, loadPages, reprintAttribution, tierChips, timeElement, workBody, workPage, workPath,
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
    ...(work.status === 'published' && getSession() ? readerSections(work, signal) : [])]);
  if (work.status === 'published' && getSession()) logEvent('view', work.workId);
}

const SHARE_ICON = ['M12 4v11', 'M7 9l5-5 5 5', 'M5 14v6h14v-6'];
const SHARE_STATUS_MS = 4000;

/** One behavior event, fire and forget: its failure (or a host without the route) is never the reader's concern. */
function logEvent(kind, workId) {
  post('/api/events', [{ kind, itemKind: 'work', itemId: workId }]).catch(() => {});
}

/** What a signed-in reader gets under a published work: the reader's bar, then the comments. */
function readerSections(work, signal) {
  const comments = commentsSection(work, signal);
  return [readerBar(work, signal, { onStats: (data) => comments.setCount(data.comments) }), comments.element];
}

const COMMENTS_PAGE = 20;
const MAX_COMMENT = 2000;

/**
 * The comments of a published work, oldest first, with "more" while the server has a next page, and the form to add
 * one. A posted comment is appended at once (marked local); pages read later go before the local ones, and a server
 * copy of a local comment replaces it, so the list stays the server's order without duplicates.
 */
function commentsSection(work, signal) {
  const base = `${workPath(work.workId)}/comments`;
  let next = null;
  let count = null;
  const shown = new Map();

  const countText = h('span', { class: 'work-comments-count', testid: 'work-comments-count', hidden: true });
  const heading = h('h2', { id: 'work-comments-title', class: 'work-comments-title' },
    h('span', { i18n: 'work.comments.title' }), ' ', countText);
  const list = h('ol', { class: 'work-comment-list', testid: 'work-comments', 'aria-labelledby': 'work-comments-title' });
  const empty = h('p', { class: 'muted work-comments-empty', testid: 'work-comments-empty', i18n: 'work.comments.empty', hidden: true });
  const more = h('button', { type: 'button', class: 'button button-small work-comments-more', testid: 'work-comments-more', i18n: 'work.comments.more', hidden: true });
  const listBox = messageBox('work-comments-message');

  const text = h('textarea', { rows: 3, maxlength: MAX_COMMENT });
  const textField = field({ name: 'text', labelKey: 'work.comments.label', control: text, hintKey: 'work.comments.hint', testid: 'work-comment-text' });
  const submit = h('button', { type: 'submit', class: 'button button-primary', testid: 'work-comment-submit', i18n: 'work.comments.submit' });
  const formBox = messageBox('work-comment-message');
  const form = h('form', { class: 'work-comment-form', testid: 'work-comment-form', novalidate: true },
    textField.wrapper, formBox.element, h('div', { class: 'form-actions' }, submit));
  const key = draftKey();

  const renderCount = () => {
    countText.hidden = count === null;
    if (count !== null) {
      setText(countText, t('work.comments.count', { n: formatNumber(count) }));
      countText.dataset.value = String(count);
    }
  };
  onLangChange(renderCount, signal);

  function commentItem(comment, { local = false } = {}) {
    const author = comment.authorName || (local ? t('work.comments.you') : comment.authorId) || '';
    return h('li', { class: 'work-comment', testid: 'work-comment', dataset: { commentId: comment.commentId, local: local ? 'true' : 'false' } },
      h('p', { class: 'work-comment-head' },
        h('span', { class: 'work-comment-author', testid: 'work-comment-author', text: author }),
        comment.at ? timeElement(comment.at, signal, { className: 'work-comment-time' }) : null),
      h('p', { class: 'work-comment-text', testid: 'work-comment-body', text: String(comment.text ?? '') }));
  }

  const firstLocal = () => list.querySelector('[data-local="true"]');
  function place(comment) {
    const existing = shown.get(comment.commentId);
    if (existing && existing.dataset.local !== 'true') return;
    const item = commentItem(comment);
    if (existing) existing.replaceWith(item);
    else list.insertBefore(item, firstLocal());
    shown.set(comment.commentId, item);
  }
  const renderEmpty = () => { empty.hidden = shown.size > 0; };

  async function load(after) {
    const query = new URLSearchParams({ limit: String(COMMENTS_PAGE) });
    if (after !== null && after !== undefined) query.set('after', String(after));
    const page = await get(`${base}?${query}`, { signal });
    if (signal.aborted) return;
    (Array.isArray(page?.items) ? page.items : []).filter((c) => c?.commentId).forEach(place);
    next = page?.next ?? null;
    more.hidden = next === null;
    renderEmpty();
  }
  loadPages({ load, nextCursor: () => next, more, box: listBox, signal });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    textField.clearError();
    formBox.clear();
    const body = { text: text.value };
    try {
      const created = await busy(submit, 'work.comments.posting', () => post(base, body, { headers: key.for(body), signal }));
      key.done();
      const commentId = created?.commentId;
      if (commentId && !shown.has(commentId)) {
        const item = commentItem({ commentId, text: body.text.trim(), at: new Date().toISOString() }, { local: true });
        list.append(item);
        shown.set(commentId, item);
        if (count !== null) count += 1;
        renderCount();
      }
      renderEmpty();
      text.value = '';
      formBox.show('success', 'work.comments.posted');
    } catch (failure) {
      if (signal.aborted || failure?.name === 'AbortError') return;
      showProblem(failure, { fields: [textField], box: formBox });
    }
  });

  const element = h('section', { class: 'work-comments', 'aria-labelledby': 'work-comments-title' },
    heading, list, empty, listBox.element, more, form);
  return {
    element,
    setCount(value) {
      const n = Number(value);
      if (!Number.isFinite(n)) return;
      // Comments posted here before the numbers arrived may not be in them yet: never show fewer than are listed.
      count = Math.max(n, shown.size);
      renderCount();
    },
  };
}

/** The numbers, the like button and the share button of a published work. */
function readerBar(work, signal, { onStats } = {}) {
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
      onStats?.(data);
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
