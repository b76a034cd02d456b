// Pieces shared by the creators pages: a work's body as DOM (plain text paragraphs as <p>, a video, a gallery of
// <figure>s), its chips (kind, status, tiers), a work card for lists, the reprint attribution, and small helpers.
// User text only ever goes through textContent and attributes (dom.js); URLs only as parsed http(s) hrefs.
import { h, setText } from '../../dom.js';
import { busy } from '../../forms.js';
import { formatDate, formatDateTime, onLangChange, t } from '../../i18n.js';
import { safeUrl } from '../circles/linkify.js';

export const TIERS = ['province', 'city', 'county'];
export const KINDS = ['article', 'video', 'gallery'];
export const ORG_TYPES = ['countyMediaCenter', 'institution', 'individual'];
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export const creatorPath = (creatorId) => `/api/creators/${encodeURIComponent(creatorId)}`;
export const workPath = (workId) => `/api/works/${encodeURIComponent(workId)}`;
export const creatorPage = (creatorId) => `/creators/${encodeURIComponent(creatorId)}/page`;
export const workPage = (workId) => `/works/${encodeURIComponent(workId)}`;

/** Plain text split into paragraphs at blank lines (single line breaks stay inside a paragraph). */
export function paragraphs(text) {
  return String(text ?? '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u3000]*\n+/)
    .map((part) => part.replace(/^\n+|\n+$/g, ''))
    .filter((part) => part.trim().length > 0);
}

/** The paragraphs of text as <p> elements (text nodes only; line breaks kept by CSS). */
export function paragraphNodes(text, className = 'work-paragraph') {
  return paragraphs(text).map((part) => h('p', { class: className, text: part }));
}

/** An http(s) URL as an href, or null (javascript:, data: and the like are never used). */
export function mediaUrl(raw) {
  const value = String(raw ?? '').trim();
  return value ? safeUrl(value) : null;
}

/** The kind-specific body of a work: article paragraphs; a video with its poster; a gallery of captioned figures. */
export function workBody(work, { testid = 'work-body' } = {}) {
  const body = h('div', { class: `work-body work-body-${work.kind}`, testid });
  if (work.kind === 'video') {
    const src = mediaUrl(work.videoUrl);
    const poster = mediaUrl(work.posterUrl);
    if (src) {
      body.append(h('video', {
        class: 'work-video', testid: 'work-video', controls: true, preload: 'metadata', playsinline: true,
        src, poster: poster ?? undefined, 'aria-label': work.title || t('work.video'),
      }));
    } else if (work.videoUrl) {
      body.append(h('p', { class: 'muted', i18n: 'work.videoMissing' }));
    }
  }
  body.append(...paragraphNodes(work.body));
  if (work.kind === 'gallery') {
    const images = (Array.isArray(work.images) ? work.images : [])
      .map((image, index) => ({ ...image, src: mediaUrl(image?.url), index }))
      .filter((image) => image.src);
    if (images.length) {
      body.append(h('div', { class: 'work-gallery', testid: 'work-gallery' }, images.map((image) =>
        h('figure', { class: 'work-figure', testid: 'work-figure' },
          h('img', {
            src: image.src, loading: 'lazy', decoding: 'async', referrerpolicy: 'no-referrer',
            alt: image.caption ? String(image.caption) : t('work.imageAlt', { n: image.index + 1 }),
          }),
          image.caption ? h('figcaption', { text: String(image.caption) }) : null))));
    }
  }
  return body;
}

export function kindChip(kind) {
  return h('span', { class: `chip work-kind work-kind-${kind}`, testid: 'work-kind-chip', i18n: `work.kind.${KINDS.includes(kind) ? kind : 'article'}` });
}

export function statusChip(status) {
  const known = ['draft', 'published', 'withdrawn'].includes(status) ? status : 'draft';
  return h('span', { class: `chip work-status work-status-${known}`, testid: 'work-status', dataset: { status: known }, i18n: `work.status.${known}` });
}

/** The tiers a work is aimed at, as chips, in province → county order. */
export function tierChips(tiers) {
  const list = TIERS.filter((tier) => (tiers ?? []).includes(tier));
  if (!list.length) return null;
  return h('span', { class: 'tier-chips', testid: 'work-tiers' },
    h('span', { class: 'visually-hidden', i18n: 'work.tiers' }),
    list.map((tier) => h('span', { class: `chip tier-chip tier-chip-${tier}`, dataset: { tier }, i18n: `tier.${tier}` })));
}

/** "Reprinted from <creator>", linking the original work (and naming its creator). */
export function reprintAttribution(reprintOf) {
  if (!reprintOf?.workId) return null;
  const text = t('work.reprintedFrom', { creator: '\u0000' }).split('\u0000');
  return h('p', { class: 'work-reprint-of', testid: 'work-reprint-of' },
    text[0] ?? '',
    h('a', { href: workPage(reprintOf.workId), testid: 'work-reprint-link', text: reprintOf.creatorName || reprintOf.creatorId || '' }),
    text[1] ?? '');
}

/** A <time> whose text follows the language. */
export function timeElement(value, signal, { dateOnly = false, className = 'work-time' } = {}) {
  const time = h('time', { class: className, datetime: String(value ?? '') });
  const render = () => setText(time, dateOnly ? formatDate(value) : formatDateTime(value));
  render();
  onLangChange(render, signal);
  return time;
}

/** The first paragraph of the body, shortened: what a list shows of a work. */
export function excerpt(text, max = 120) {
  const first = paragraphs(text)[0] ?? '';
  const chars = Array.from(first);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : first;
}

/**
 * A work in a list (channel, creator page, pool): kind, title linking the work, creator, date, tiers, reprint
 * attribution and an excerpt. options: showCreator (default true), actions (nodes appended in the card's footer),
 * headingLevel (default 'h3'), signal.
 */
export function workCard(work, { showCreator = true, actions = [], headingLevel = 'h3', signal, testid = 'work-card' } = {}) {
  const when = work.publishedAt ?? work.updatedAt ?? work.createdAt;
  const creatorLink = showCreator && work.creatorId
    ? h('a', { class: 'work-creator', href: creatorPage(work.creatorId), testid: 'work-creator', text: work.creatorName || work.creatorId })
    : null;
  const summary = excerpt(work.body);
  return h('li', { class: 'card work-card', testid, dataset: { workId: work.workId, status: work.status ?? '' } },
    h('div', { class: 'work-card-head' }, kindChip(work.kind), tierChips(work.targetTiers)),
    h(headingLevel, { class: 'work-card-title' },
      h('a', { href: workPage(work.workId), testid: 'work-link', text: work.title || t('work.untitled') })),
    h('p', { class: 'work-card-meta' }, creatorLink, when ? timeElement(when, signal) : null),
    reprintAttribution(work.reprintOf),
    summary ? h('p', { class: 'work-card-excerpt', text: summary }) : null,
    actions.length ? h('div', { class: 'work-card-actions' }, actions) : null);
}

/** The API's problem detail, after when to try again for a 429. */
export function detailOf(error) {
  const detail = error?.problem?.detail ?? (error?.status === 0 ? '' : error?.message ?? '');
  const retry = error?.status === 429 && error.retryAfter ? t('error.retryAfter', { seconds: error.retryAfter }) : '';
  return [retry, detail].filter(Boolean).join(' ');
}

/** A fresh Idempotency-Key header: one per user action. */
export function actionKey() {
  const key = globalThis.crypto?.randomUUID
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  return { 'Idempotency-Key': key };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A list read page by page: loads the first page, then the next one each time `more` is clicked. A failed next page
 * is told in `box`; a failed first page through `firstFailed` (by default the same message).
 */
export async function loadPages({ load, nextCursor, more, box, signal, firstFailed }) {
  more.addEventListener('click', async () => {
    box.clear();
    try {
      await busy(more, 'list.loading', () => load(nextCursor()));
    } catch (error) {
      if (!signal.aborted) box.show('error', 'list.failed', detailOf(error));
    }
  });
  try {
    await load(null);
  } catch (error) {
    if (signal.aborted || error?.name === 'AbortError') return;
    if (firstFailed) firstFailed(error);
    else box.show('error', 'list.failed', detailOf(error));
  }
}
