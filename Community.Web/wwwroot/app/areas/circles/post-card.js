// One post of a circle's feed: author, time, text (links as <a> built from text), images, the like button with its
// count, the comment count that opens the comments with their form, and removal for the author and moderators.
// Counts are set in place by the live feed (setLikeCount, setCommentCount, addComment).
// The feed ↔ queue bridge: a post turned into a help ticket shows a badge with the ticket's status (linking to the
// ticket's page), the department's public answers pinned under the text as official replies, and the resolution once
// resolved; the live feed moves them (setTicket, addComment). The post's author turns a post without a ticket into
// one through an inline form (kind, category, region, privacy).
import { del, draftKey, get, post as postJson, put } from '../../api.js';
import { rememberLike, isLiked } from './circle-likes.js';
import { h, icon, setI18n, setText } from '../../dom.js';
import { busy, errorTitleKey, field, messageBox, showProblem } from '../../forms.js';
import { formatDateTime, formatNumber, lang, t } from '../../i18n.js';
import { ICONS } from '../../icons.js';
import { linkify, safeUrl } from './linkify.js';
import { initial } from '../users/profile-card.js';
import { fillRegionSelect, loadRegions } from '../../regions.js';
// The ticket's vocabulary (kinds, statuses and their names `tickets.kind.*`, `tickets.status.*`), the categories and
// departments, and the ticket's page are the help-tickets area's.
import { KINDS, STATUSES, departmentsById, loadCategories, localName, ticketPage } from '../help-tickets/ticket-view.js';

const COMMENT_PAGE = 50;
const CONFIRM_MS = 4000;
/** A post written a moment ago may not be in the read model yet: the ticket route answers 404 for a moment. */
const NEW_POST_TRIES = 10;
const NEW_POST_WAIT_MS = 300;
/** The resolution is shown once the ticket is done with. */
const DONE = ['resolved', 'closed'];

/** Line icons of the bridge (the help-tickets area's building; a check mark). */
const TICKET_ICON = ['M3 9l9-5 9 5', 'M5 10v8', 'M10 10v8', 'M14 10v8', 'M19 10v8', 'M3 20h18'];
const CHECK_ICON = ['M5 12l5 5 9-10'];

let formCounter = 0;

/** The key of the message for a failed act: members-only acts say so on 403. */
function failureKey(error, memberOnlyKey) {
  return error?.status === 403 && memberOnlyKey ? memberOnlyKey : errorTitleKey(error);
}

function detailOf(error) {
  const retry = error?.status === 429 && error.retryAfter ? t('error.retryAfter', { seconds: error.retryAfter }) : '';
  return [retry, error?.problem?.detail ?? ''].filter(Boolean).join(' ');
}

/** The post's ticket as the page keeps it, from the posts page, a ticketChanged event or a 201; null for none. */
function ticketOf(value) {
  if (!value || typeof value !== 'object' || !value.ticketId) return null;
  return {
    ticketId: String(value.ticketId),
    status: STATUSES.includes(value.status) ? value.status : 'submitted',
    departmentId: value.departmentId ?? null,
    resolution: value.resolution ?? null,
  };
}

/**
 * env: { circleId, userId, canRemove(post), isMember() , topicTitle(topicId), onRemoved(postId), circleRegion() }.
 * Returns { element, post, setLikeCount, setCommentCount, addComment, setTicket, refresh }.
 */
export function postCard(post, env) {
  const base = `/api/circles/${encodeURIComponent(env.circleId)}/posts/${encodeURIComponent(post.postId)}`;
  let likeCount = Number(post.likeCount) || 0;
  let commentCount = Number(post.commentCount) || 0;
  let liked = isLiked(env.userId, post.postId);
  let liking = false;
  let ticket = ticketOf(post.ticket);

  const time = h('time', { class: 'post-time', datetime: String(post.createdAt ?? '') });
  const topic = h('span', { class: 'chip post-topic', hidden: true });
  const error = h('p', { class: 'post-error', role: 'alert', hidden: true, testid: 'post-error' });

  const likeNumber = h('span', { class: 'action-count', testid: 'like-count' });
  const likeButton = h('button', {
    type: 'button', class: 'post-action like-button', testid: 'like-button', 'aria-pressed': 'false', onClick: toggleLike,
  }, icon(ICONS.heart, { size: 20 }), h('span', { class: 'action-label' }), likeNumber);

  const commentNumber = h('span', { class: 'action-count', testid: 'comment-count' });
  const commentToggle = h('button', {
    type: 'button', class: 'post-action comment-toggle', testid: 'comment-toggle', 'aria-expanded': 'false', onClick: toggleComments,
  }, icon(ICONS.comment, { size: 20 }), h('span', { class: 'action-label' }), commentNumber);

  const removeButton = env.canRemove(post)
    ? h('button', { type: 'button', class: 'button button-ghost button-small post-remove', testid: 'post-delete', onClick: remove },
      icon(ICONS.trash, { size: 16 }), h('span', { i18n: 'post.remove' }))
    : null;

  // Comments: loaded when first opened, then kept up to date by the live feed.
  const commentList = h('ol', { class: 'comment-list', testid: 'comment-list' });
  const commentsEmpty = h('p', { class: 'muted comment-empty', i18n: 'comments.none', hidden: true });
  const moreComments = h('button', { type: 'button', class: 'button button-small', i18n: 'comments.more', hidden: true, onClick: loadComments });
  const commentInput = h('input', {
    type: 'text', class: 'comment-input', testid: 'comment-text', maxlength: '5000', autocomplete: 'off', enterkeyhint: 'send',
    'aria-label': t('comments.placeholder'), 'data-i18n-aria-label': 'comments.placeholder',
    placeholder: t('comments.placeholder'), 'data-i18n-placeholder': 'comments.placeholder',
  });
  const commentSubmit = h('button', { type: 'submit', class: 'button button-primary button-small', testid: 'comment-submit', i18n: 'comments.submit' });
  const commentError = h('p', { class: 'field-error', role: 'alert', testid: 'comment-error', hidden: true });
  const commentForm = h('form', { class: 'comment-form', novalidate: true, onSubmit: submitComment },
    h('div', { class: 'comment-form-row' }, commentInput, commentSubmit), commentError);
  const joinHint = h('p', { class: 'muted comment-join-hint', i18n: 'comments.joinToComment' });
  const comments = h('section', { class: 'post-comments', hidden: true, 'aria-label': t('comments.title'), 'data-i18n-aria-label': 'comments.title' },
    commentList, commentsEmpty, moreComments, commentForm, joinHint);
  const seenComments = new Set(); // shown in the list
  const countedComments = new Set(); // already in commentCount
  const liveComments = []; // arrived live before the list was complete: the read model may not have them yet
  let commentsLoaded = false;
  let commentCursor = 0;
  let commentsNext = null;
  let loadingComments = null;

  // The ticket made from the post: its status badge (a link to the ticket), the department's official replies, the resolution.
  const ticketStatus = h('span', { class: 'post-ticket-status', testid: 'post-ticket-status' });
  const ticketLink = h('a', { class: 'post-ticket-badge', testid: 'post-ticket' },
    icon(TICKET_ICON, { size: 16 }), h('span', { class: 'post-ticket-label' }), ticketStatus);
  const officialList = h('ol', { class: 'official-replies', testid: 'official-replies', hidden: true });
  const resolutionText = h('p', { class: 'post-resolution-text', testid: 'post-resolution-text' });
  const resolution = h('div', { class: 'post-resolution', testid: 'post-resolution', hidden: true },
    h('p', { class: 'post-resolution-label' }, icon(CHECK_ICON, { size: 16 }), h('span', { i18n: 'postTicket.resolution' })),
    resolutionText);
  const ticketBox = h('section', { class: 'post-ticket', testid: 'post-ticket-box', hidden: true,
    'aria-label': t('postTicket.section'), 'data-i18n-aria-label': 'postTicket.section' },
  h('p', { class: 'post-ticket-row' }, ticketLink), officialList, resolution);
  const officialShown = new Set();

  // Turning one's own post into a ticket: the button, and the form built when first opened.
  formCounter += 1;
  const formId = `post-ticket-form-${formCounter}`;
  const askButton = h('button', {
    type: 'button', class: 'button button-small post-ask', testid: 'post-ask-government', hidden: true,
    'aria-expanded': 'false', 'aria-controls': formId, onClick: toggleAskForm,
  }, icon(TICKET_ICON, { size: 16 }), h('span', { i18n: 'postTicket.ask' }));
  const askSlot = h('div', { class: 'post-ask-slot' });
  let ask = null; // the form, once built

  const images = (Array.isArray(post.imageUrls) ? post.imageUrls : [])
    .map((url) => safeUrl(url))
    .filter((url) => url && url.startsWith('https:'))
    .map((url) => h('a', { class: 'post-image', href: url, target: '_blank', rel: 'noopener noreferrer nofollow ugc' },
      h('img', { src: url, alt: '', loading: 'lazy', decoding: 'async', referrerpolicy: 'no-referrer' })));

  const element = h('li', { class: 'card post-card', testid: 'post-card', dataset: { postId: post.postId, seq: String(post.seq ?? '') }, tabindex: '-1' },
    h('header', { class: 'post-head' },
      h('span', { class: 'avatar', 'aria-hidden': 'true', text: initial(post.authorName) }),
      h('div', { class: 'post-meta' },
        h('span', { class: 'post-author', testid: 'post-author', text: post.authorName || post.authorId }),
        h('span', { class: 'post-sub' }, time, topic)),
      removeButton),
    h('div', { class: 'post-text', testid: 'post-text' }, linkify(post.text)),
    images.length ? h('div', { class: `post-images post-images-${Math.min(images.length, 3)}` }, images) : null,
    ticketBox,
    h('div', { class: 'post-actions' }, likeButton, commentToggle, askButton),
    askSlot,
    error,
    comments);

  function refresh() {
    setText(time, formatDateTime(post.createdAt));
    const title = post.topicId ? env.topicTitle(post.topicId) : null;
    topic.hidden = !title;
    setText(topic, title ? `#${title}` : '');
    setText(likeNumber, formatNumber(likeCount));
    setText(commentNumber, formatNumber(commentCount));
    likeButton.setAttribute('aria-pressed', liked ? 'true' : 'false');
    likeButton.classList.toggle('is-liked', liked);
    setText(likeButton.querySelector('.action-label'), t(liked ? 'post.unlike' : 'post.like'));
    setText(commentToggle.querySelector('.action-label'), t('post.comments'));
    for (const stamp of commentList.querySelectorAll('time[datetime]')) setText(stamp, formatDateTime(stamp.getAttribute('datetime')));
    const member = env.isMember();
    commentForm.hidden = !member;
    joinHint.hidden = member;
    renderTicket();
    ask?.relabel();
  }

  function isMine() {
    return Boolean(post.authorId) && post.authorId === env.userId;
  }

  function renderTicket() {
    ticketBox.hidden = !ticket;
    askButton.hidden = Boolean(ticket) || !isMine();
    if (ticket) {
      ticketLink.href = ticketPage(ticket.ticketId);
      ticketLink.dataset.status = ticket.status;
      ticketLink.className = `post-ticket-badge post-ticket-${ticket.status}`;
      setText(ticketLink.querySelector('.post-ticket-label'), t('postTicket.badge'));
      setText(ticketStatus, t(`tickets.status.${ticket.status}`));
      const done = DONE.includes(ticket.status) && Boolean(ticket.resolution);
      resolution.hidden = !done;
      setText(resolutionText, done ? ticket.resolution : '');
    }
    officialList.hidden = officialShown.size === 0;
    for (const name of element.querySelectorAll('.official-department[data-department-id]')) setDepartmentName(name);
  }

  /** A department's public answer, pinned under the post as its official reply (once per comment). */
  function showOfficial(comment) {
    if (!comment?.department || !comment.commentId || officialShown.has(comment.commentId)) return;
    officialShown.add(comment.commentId);
    officialList.append(h('li', { class: 'official-reply', testid: 'official-reply', dataset: { commentId: comment.commentId } },
      officialHead(comment, 'official-reply-head'),
      h('div', { class: 'official-reply-text', testid: 'official-reply-text' }, linkify(comment.text))));
    officialList.hidden = false;
    nameDepartments();
  }

  /** The official badge, the department's name and the time: in the pinned reply and in the comment list alike. */
  function officialHead(comment, className) {
    const name = h('span', {
      class: 'official-department', testid: 'official-department', text: comment.authorName || comment.department.departmentId,
      dataset: { departmentId: comment.department.departmentId, fallback: comment.authorName || comment.department.departmentId },
    });
    setDepartmentName(name);
    return h('div', { class: className },
      h('span', { class: 'official-badge', testid: 'official-badge' }, icon(CHECK_ICON, { size: 14 }), h('span', { i18n: 'postTicket.official' })),
      name,
      h('time', { class: 'comment-time', datetime: String(comment.createdAt ?? ''), text: formatDateTime(comment.createdAt) }));
  }

  // The department's name in the page's language: the comment carries its Chinese name; the directory has the English one.
  let departments = null;
  function nameDepartments() {
    if (departments || lang() === 'zh-CN') return;
    departments = new Map();
    departmentsById().then((found) => {
      departments = found;
      for (const name of element.querySelectorAll('.official-department[data-department-id]')) setDepartmentName(name);
    });
  }

  function setDepartmentName(el) {
    const known = departments?.get(el.dataset.departmentId);
    setText(el, (known && localName(known)) || el.dataset.fallback);
    if (!known && lang() !== 'zh-CN') nameDepartments();
  }

  function showError(key, detail) {
    error.replaceChildren(h('span', { class: 'message-title', i18n: key }));
    if (detail) error.append(h('span', { class: 'message-detail', text: ` ${detail}` }));
    error.hidden = false;
  }

  function clearError() {
    error.hidden = true;
  }

  async function toggleLike() {
    if (liking) return;
    liking = true;
    clearError();
    const next = !liked;
    liked = next;
    likeCount = Math.max(0, likeCount + (next ? 1 : -1));
    refresh();
    try {
      await (next ? put(`${base}/likes/me`) : del(`${base}/likes/me`));
      rememberLike(env.userId, post.postId, next);
    } catch (failure) {
      liked = !next;
      likeCount = Math.max(0, likeCount + (next ? -1 : 1));
      refresh();
      showError(failureKey(failure, 'circle.membersOnly'), detailOf(failure));
    } finally {
      liking = false;
    }
  }

  function appendComment(comment) {
    if (!comment?.commentId || seenComments.has(comment.commentId)) return false;
    seenComments.add(comment.commentId);
    const official = Boolean(comment.department?.departmentId);
    if (official) showOfficial(comment);
    commentList.append(h('li', {
      class: `comment-item${official ? ' is-official' : ''}`, testid: 'comment-item',
      dataset: { commentId: comment.commentId, official: String(official) },
    },
    official ? officialHead(comment, 'comment-head')
      : h('div', { class: 'comment-head' },
        h('span', { class: 'comment-author', text: comment.authorName || comment.authorId }),
        h('time', { class: 'comment-time', datetime: String(comment.createdAt ?? ''), text: formatDateTime(comment.createdAt) })),
    h('div', { class: 'comment-text' }, linkify(comment.text))));
    commentsEmpty.hidden = true;
    return true;
  }

  function loadComments() {
    loadingComments ??= (async () => {
      moreComments.disabled = true;
      try {
        const page = await get(`${base}/comments?after=${commentCursor}&limit=${COMMENT_PAGE}`);
        for (const comment of page?.items ?? []) {
          appendComment(comment);
          commentCursor = Math.max(commentCursor, Number(comment.seq) || 0);
        }
        commentsNext = page?.next ?? null;
        if (commentsNext) commentCursor = Math.max(commentCursor, Number(commentsNext));
        commentsLoaded = true;
        if (!commentsNext) liveComments.splice(0).forEach(appendComment);
        moreComments.hidden = !commentsNext;
        commentsEmpty.hidden = seenComments.size > 0;
      } catch (failure) {
        if (failure?.status === 404 && commentCursor === 0) {
          // A post that just arrived live may not be in the read model yet: no comments so far; new ones come live.
          commentsLoaded = true;
          commentsNext = null;
          liveComments.splice(0).forEach(appendComment);
          moreComments.hidden = true;
          commentsEmpty.hidden = seenComments.size > 0;
        } else {
          showError(failureKey(failure), detailOf(failure));
        }
      } finally {
        moreComments.disabled = false;
        loadingComments = null;
      }
    })();
    return loadingComments;
  }

  function toggleComments() {
    const open = comments.hidden;
    comments.hidden = !open;
    commentToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open && !commentsLoaded) loadComments();
    if (open && env.isMember()) commentInput.focus({ preventScroll: true });
  }

  const commentKey = draftKey();

  async function submitComment(event) {
    event.preventDefault();
    const text = commentInput.value.trim();
    commentError.hidden = true;
    if (!text) {
      setI18n(commentError, 'validation.required');
      commentError.hidden = false;
      commentInput.focus();
      return;
    }
    commentSubmit.disabled = true;
    try {
      const created = await postJson(`${base}/comments`, { text }, { headers: commentKey.for({ text }) });
      commentKey.done();
      commentInput.value = '';
      // The live commentAdded brings the authoritative count; until then (or without a connection) count it here.
      if (created?.commentId) {
        if (commentsLoaded && !commentsNext) {
          appendComment({
            commentId: created.commentId, authorId: env.userId, authorName: env.authorName(), text, createdAt: new Date().toISOString(),
          });
        }
        if (!countedComments.has(created.commentId)) {
          countedComments.add(created.commentId);
          commentCount += 1;
          refresh();
        }
      }
    } catch (failure) {
      const key = failureKey(failure, 'circle.membersOnly');
      commentError.replaceChildren(h('span', { i18n: key }));
      if (detailOf(failure)) commentError.append(h('span', { text: ` ${detailOf(failure)}` }));
      commentError.hidden = false;
    } finally {
      commentSubmit.disabled = false;
    }
  }

  let confirmTimer = null;
  async function remove() {
    const label = removeButton.querySelector('span');
    if (!removeButton.classList.contains('is-confirming')) {
      removeButton.classList.add('is-confirming');
      setI18n(label, 'post.removeConfirm');
      confirmTimer = setTimeout(() => {
        removeButton.classList.remove('is-confirming');
        setI18n(label, 'post.remove');
      }, CONFIRM_MS);
      return;
    }
    clearTimeout(confirmTimer);
    removeButton.disabled = true;
    try {
      await del(base);
      env.onRemoved(post.postId);
    } catch (failure) {
      showError(failureKey(failure), detailOf(failure));
      removeButton.classList.remove('is-confirming');
      setI18n(label, 'post.remove');
    } finally {
      removeButton.disabled = false;
    }
  }

  // ---- the ticket -------------------------------------------------------------------------------------------------------

  /** As the read model keeps it: a step without a department keeps the one assigned, and closing keeps the resolution. */
  function setTicket(value) {
    const next = ticketOf(value);
    if (!next) return;
    const first = !ticket;
    if (ticket?.ticketId === next.ticketId) {
      next.departmentId ??= ticket.departmentId;
      if (next.status === 'closed') next.resolution ??= ticket.resolution;
    }
    ticket = next;
    post.ticket = next;
    if (ask && !ask.element.hidden) closeAskForm({ focus: false });
    refresh();
    // The department's answers were written before the page read this post: read them for the pinned replies.
    if (first && commentCount > 0 && !commentsLoaded) loadComments();
  }

  function toggleAskForm() {
    if (ask && !ask.element.hidden) closeAskForm({ focus: true });
    else openAskForm();
  }

  function openAskForm() {
    ask ??= buildAskForm();
    if (!askSlot.contains(ask.element)) askSlot.replaceChildren(ask.element);
    ask.element.hidden = false;
    askButton.setAttribute('aria-expanded', 'true');
    ask.open();
  }

  function closeAskForm({ focus }) {
    if (!ask) return;
    ask.element.hidden = true;
    askButton.setAttribute('aria-expanded', 'false');
    if (focus && !askButton.hidden) askButton.focus({ preventScroll: true });
  }

  /** The inline form: kind, category, region (the circle's first), public (checked) and show-my-name (not). */
  function buildAskForm() {
    const kind = h('select', { required: true });
    const category = h('select', { required: true }, h('option', { value: '', i18n: 'postTicket.categoryLoading' }));
    const region = h('select', { required: true }, h('option', { value: '', i18n: 'postTicket.regionLoading' }));
    const kindField = field({ name: 'kind', labelKey: 'postTicket.kind', control: kind, testid: 'post-ticket-kind' });
    const categoryField = field({ name: 'category', labelKey: 'postTicket.category', control: category, testid: 'post-ticket-category' });
    const regionField = field({ name: 'regionCode', labelKey: 'postTicket.region', control: region, hintKey: 'postTicket.regionHint',
      testid: 'post-ticket-region' });
    const fields = [kindField, categoryField, regionField];

    const publicId = `${formId}-public`;
    const showNameId = `${formId}-show-name`;
    const publicBox = h('input', { type: 'checkbox', id: publicId, testid: 'post-ticket-public', checked: true,
      'aria-describedby': `${publicId}-hint` });
    const showNameBox = h('input', { type: 'checkbox', id: showNameId, testid: 'post-ticket-show-name', checked: false,
      'aria-describedby': `${showNameId}-hint` });
    publicBox.addEventListener('change', () => {
      // Only a public ticket shows a name at all.
      showNameBox.disabled = !publicBox.checked;
      if (!publicBox.checked) showNameBox.checked = false;
    });
    const privacy = h('fieldset', { class: 'post-ticket-privacy' },
      h('legend', { i18n: 'postTicket.privacy' }),
      h('label', { class: 'post-ticket-check', for: publicId }, publicBox, h('span', { i18n: 'postTicket.public' })),
      h('p', { class: 'field-hint', id: `${publicId}-hint`, i18n: 'postTicket.publicHint' }),
      h('label', { class: 'post-ticket-check', for: showNameId }, showNameBox, h('span', { i18n: 'postTicket.showName' })),
      h('p', { class: 'field-hint', id: `${showNameId}-hint`, i18n: 'postTicket.showNameHint' }));

    const box = messageBox('post-ticket-message');
    const submit = h('button', { type: 'submit', class: 'button button-primary', testid: 'post-ticket-submit', i18n: 'postTicket.submit' });
    const cancel = h('button', { type: 'button', class: 'button', testid: 'post-ticket-cancel', i18n: 'postTicket.cancel',
      onClick: () => closeAskForm({ focus: true }) });
    const titleId = `${formId}-title`;
    const form = h('form', { class: 'post-ticket-form', id: formId, testid: 'post-ticket-form', novalidate: true, hidden: true,
      'aria-labelledby': titleId },
    h('h3', { class: 'post-ticket-form-title', id: titleId, i18n: 'postTicket.formTitle' }),
    h('p', { class: 'field-hint', i18n: 'postTicket.lead' }),
    kindField.wrapper, categoryField.wrapper, regionField.wrapper, privacy, box.element,
    h('div', { class: 'form-actions' }, submit, cancel));

    let categories = [];
    let regions = [];
    let filledIn = null; // the language the options were written in
    let loading = null;

    function fillKinds() {
      const value = kind.value || 'help';
      kind.replaceChildren(...KINDS.map((k) => h('option', { value: k, text: t(`tickets.kind.${k}`) })));
      kind.value = value;
    }

    function fillCategories() {
      const value = category.value;
      category.replaceChildren(h('option', { value: '', text: t('postTicket.categoryChoose') }),
        ...categories.map((c) => h('option', { value: c.code, text: localName(c) })));
      if (categories.some((c) => c.code === value)) category.value = value;
    }

    function relabel() {
      if (filledIn === lang()) return;
      filledIn = lang();
      fillKinds();
      if (categories.length) fillCategories();
      if (regions.length) fillRegionSelect(region, regions);
    }

    function load() {
      loading ??= Promise.all([
        loadCategories().catch((failure) => {
          box.show('error', 'postTicket.categoriesFailed', detailOf(failure));
          loading = null;
          return [];
        }),
        loadRegions().catch(() => []),
      ]).then(([foundCategories, foundRegions]) => {
        categories = foundCategories;
        regions = Array.isArray(foundRegions) ? foundRegions : [];
        fillCategories();
        fillRegionSelect(region, regions);
        const home = env.circleRegion?.();
        if (home && regions.some((r) => r.code === home) && !region.value) region.value = home;
      });
      return loading;
    }

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      box.clear();
      fields.forEach((f) => f.clearError());
      const body = {
        kind: kind.value,
        category: category.value,
        regionCode: region.value,
        public: publicBox.checked,
        showName: publicBox.checked && showNameBox.checked,
      };
      const missing = [[kindField, body.kind], [categoryField, body.category], [regionField, body.regionCode]]
        .filter(([, value]) => !value).map(([f]) => f);
      if (missing.length) {
        missing.forEach((f) => f.setError('validation.required', { translated: true }));
        box.show('error', 'error.fields');
        missing[0].control.focus();
        return;
      }
      let created;
      try {
        created = await busy(submit, 'postTicket.submitting', () => fileTicket(body));
      } catch (failure) {
        if (Object.keys(failure?.fieldErrors ?? {}).length) showProblem(failure, { fields, box });
        else box.show('error', failure?.status === 403 ? 'postTicket.authorOnly' : errorTitleKey(failure), detailOf(failure));
        return;
      }
      // The live feed brings the ticket's steps from here; a step that came first is not overwritten.
      if (!ticket && created?.ticketId) setTicket({ ticketId: created.ticketId, status: 'submitted' });
      closeAskForm({ focus: false });
      ticketLink.focus({ preventScroll: true });
    });

    return {
      element: form,
      relabel,
      open() {
        relabel();
        load();
        kind.focus({ preventScroll: true });
      },
    };
  }

  /** POST …/ticket; a post written a moment ago is asked again while the read model does not have it yet. */
  async function fileTicket(body) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await postJson(`${base}/ticket`, body);
      } catch (failure) {
        if (failure?.status !== 404 || attempt >= NEW_POST_TRIES) throw failure;
        await new Promise((resolve) => setTimeout(resolve, NEW_POST_WAIT_MS));
      }
    }
  }

  refresh();
  // The department's answers to a ticket read with the page are pinned under the post: read its comments.
  if (ticket && commentCount > 0) loadComments();

  return {
    element,
    post,
    refresh,
    setLikeCount(count) {
      likeCount = Math.max(0, Number(count) || 0);
      refresh();
    },
    /** A comment from the live feed: the count always; the comment itself when the list is open and complete. */
    addComment(comment, count) {
      if (comment?.commentId) countedComments.add(comment.commentId);
      if (Number.isFinite(Number(count))) commentCount = Math.max(0, Number(count));
      // An official reply shows under the post at once; in the comment list when that is open and complete.
      showOfficial(comment);
      if (commentsLoaded && !commentsNext) appendComment(comment);
      else if (comment?.commentId) liveComments.push(comment);
      refresh();
    },
    /** The ticket made from the post moved on (ticketChanged), in the circle's seq order: the latest says. */
    setTicket,
  };
}
