// One post of a circle's feed: author, time, text (links as <a> built from text), images, the like button with its
// count, the comment count that opens the comments with their form, and removal for the author and moderators.
// Counts are set in place by the live feed (setLikeCount, setCommentCount, addComment).
import { del, draftKey, get, post as postJson, put } from '../../api.js';
import { rememberLike, isLiked } from './circle-likes.js';
import { h, icon, setI18n, setText } from '../../dom.js';
import { errorTitleKey } from '../../forms.js';
import { formatDateTime, formatNumber, t } from '../../i18n.js';
import { ICONS } from '../../icons.js';
import { linkify, safeUrl } from './linkify.js';
import { initial } from '../users/profile-card.js';

const COMMENT_PAGE = 50;
const CONFIRM_MS = 4000;

/** The key of the message for a failed act: members-only acts say so on 403. */
function failureKey(error, memberOnlyKey) {
  return error?.status === 403 && memberOnlyKey ? memberOnlyKey : errorTitleKey(error);
}

function detailOf(error) {
  const retry = error?.status === 429 && error.retryAfter ? t('error.retryAfter', { seconds: error.retryAfter }) : '';
  return [retry, error?.problem?.detail ?? ''].filter(Boolean).join(' ');
}

/**
 * env: { circleId, userId, canRemove(post), isMember() , topicTitle(topicId), onRemoved(postId) }.
 * Returns { element, post, setLikeCount, setCommentCount, addComment, refresh }.
 */
export function postCard(post, env) {
  const base = `/api/circles/${encodeURIComponent(env.circleId)}/posts/${encodeURIComponent(post.postId)}`;
  let likeCount = Number(post.likeCount) || 0;
  let commentCount = Number(post.commentCount) || 0;
  let liked = isLiked(env.userId, post.postId);
  let liking = false;

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
    h('div', { class: 'post-actions' }, likeButton, commentToggle),
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
    commentList.append(h('li', { class: 'comment-item', testid: 'comment-item', dataset: { commentId: comment.commentId } },
      h('div', { class: 'comment-head' },
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

  refresh();

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
      if (commentsLoaded && !commentsNext) appendComment(comment);
      else if (comment?.commentId) liveComments.push(comment);
      refresh();
    },
  };
}
