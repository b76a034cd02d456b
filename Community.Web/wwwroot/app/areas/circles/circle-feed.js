// /circles/{circleId} — one interest circle's live feed: the circle with Join/Leave, the composer for members, the
// posts newest first with likes and comments, "load older", and the circle's topics. Live (circleEvent on the hub):
// new posts come in at the top, or, when the reader has scrolled down, wait behind a "N new posts" bar; like and
// comment counts change in place; removed posts disappear; new topics are listed; a post's help ticket moves on
// (ticketChanged) and a department's public answer arrives as a comment marked as the department's.
import { del, draftKey, get, post as postJson } from '../../api.js';
import { followCircle } from './circle-live.js';
import { h, icon, setI18n, setText } from '../../dom.js';
import { busy, errorTitleKey, field, messageBox, showProblem } from '../../forms.js';
import { formatDate, formatNumber, onLangChange, t } from '../../i18n.js';
import { ICONS } from '../../icons.js';
import { postCard } from './post-card.js';
import { loadProfile, profileStore } from '../users/profile.js';
import { byCode, loadRegions, regionName } from '../../regions.js';

const PAGE_SIZE = 20;
/** The API lists newest first only below a `before` seq: the first page asks below any seq there can be. */
const NEWEST = `before=${Number.MAX_SAFE_INTEGER}&limit=${PAGE_SIZE}`;
const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Scrolled further than this, new posts wait behind the bar instead of moving what the reader is reading. */
export const SCROLLED_PX = 200;
const MODERATOR_ROLES = ['moderator', 'admin'];

export async function render(container, ctx) {
  const { signal } = ctx;
  const circleId = ctx.routeParams?.circleId ?? '';
  const base = `/api/circles/${encodeURIComponent(circleId)}`;
  ctx.app.setTitle('area.circles.name');

  // ---- layout ------------------------------------------------------------------------------------------------
  // The page's one error box, under the composer: a failed post (with the API's problem detail), join, load.
  const errorBox = messageBox('feed-error');
  const name = h('h1', { class: 'circle-title', testid: 'circle-name', i18n: 'app.loading' });
  const description = h('p', { class: 'circle-description' });
  const members = h('span', { class: 'circle-members', testid: 'circle-members' });
  const region = h('span', { class: 'circle-region' });
  const joinButton = h('button', { type: 'button', class: 'button button-primary', testid: 'circle-join', i18n: 'circle.join', hidden: true });
  const leaveButton = h('button', { type: 'button', class: 'button', testid: 'circle-leave', i18n: 'circle.leave', hidden: true });
  const header = h('header', { class: 'card circle-header' },
    h('div', { class: 'circle-header-text' }, name, description, h('p', { class: 'circle-facts' }, members, region)),
    h('div', { class: 'circle-header-actions' }, joinButton, leaveButton));

  const topicList = h('ul', { class: 'topic-list', testid: 'topic-list' });
  // One topic's posts, opened from its item.
  const topicPostsTitle = h('h3', { class: 'topic-posts-title' });
  const topicPostsList = h('ol', { class: 'post-list topic-post-list', testid: 'topic-posts' });
  const topicPostsEmpty = h('p', { class: 'muted', i18n: 'topics.noPosts', hidden: true });
  const topicPostsClose = h('button', { type: 'button', class: 'button', testid: 'topic-posts-close', i18n: 'topics.closePosts' });
  const topicPosts = h('div', { class: 'topic-posts', hidden: true },
    h('div', { class: 'topic-posts-head' }, topicPostsTitle, topicPostsClose), topicPostsEmpty, topicPostsList);
  const topicFormSlot = h('div', { class: 'topic-form-slot' });
  // Shown once the circle has topics, or to those who may open one.
  const topicsSection = h('section', { class: 'card circle-topics', testid: 'circle-topics', 'aria-labelledby': 'topics-title', hidden: true },
    h('h2', { id: 'topics-title' }, icon(ICONS.topic, { size: 18 }), h('span', { i18n: 'topics.title' })),
    topicList, topicPosts, topicFormSlot);

  const composerSlot = h('div', { class: 'composer-slot' });
  const feed = h('ol', { class: 'post-list', testid: 'circle-feed', 'aria-live': 'polite', 'aria-busy': 'true' });
  const feedEmpty = h('p', { class: 'card muted feed-empty', testid: 'feed-empty', i18n: 'feed.empty', hidden: true });
  const olderButton = h('button', { type: 'button', class: 'button button-block', testid: 'load-older', i18n: 'feed.older', hidden: true });
  const feedEnd = h('p', { class: 'muted feed-end', i18n: 'feed.end', hidden: true });
  const newPostsBar = h('button', { type: 'button', class: 'new-posts-bar', testid: 'new-posts-bar', hidden: true },
    icon(ICONS.arrowUp, { size: 18 }), h('span', { class: 'new-posts-text' }));

  container.append(h('div', { class: 'circle-page' },
    h('a', { class: 'back-link', href: '/circles' }, icon(ICONS.back, { size: 18 }), h('span', { i18n: 'circle.back' })),
    h('div', { class: 'circle-layout' },
      h('div', { class: 'circle-side' }, header, topicsSection),
      h('div', { class: 'circle-main' },
        composerSlot,
        errorBox.element,
        h('h2', { class: 'feed-title', i18n: 'feed.title' }),
        feed, feedEmpty, olderButton, feedEnd)),
    newPostsBar));

  if (!ID_PATTERN.test(circleId)) {
    setI18n(name, 'circle.notFound');
    errorBox.show('error', 'circle.notFound');
    feed.removeAttribute('aria-busy');
    return;
  }

  // ---- state ---------------------------------------------------------------------------------------------------
  let circle = null;
  let profile = profileStore.get();
  let member = false;
  let next = null;
  const cards = new Map(); // postId → card
  const pending = []; // live posts waiting behind the bar, oldest first
  const removed = new Set();
  const topics = new Map(); // topicId → topic
  let openTopicId = null; // the topic whose posts are shown
  const topicCards = new Map(); // postId → card in the topic's list
  let regionsByCode = new Map();
  const userId = () => profile?.userId ?? ctx.session?.userId;
  const isModerator = () => MODERATOR_ROLES.some((role) => (ctx.session?.roles ?? []).includes(role));

  const cardEnv = {
    circleId,
    get userId() {
      return userId();
    },
    authorName: () => profile?.displayName ?? '',
    isMember: () => member,
    canRemove: (post) => post.authorId === userId() || circle?.ownerId === userId() || isModerator(),
    topicTitle: (topicId) => topics.get(topicId)?.title ?? null,
    onRemoved: (postId) => removePost(postId),
    // A ticket made from a post is filed in the circle's region unless its author picks another.
    circleRegion: () => circle?.regionCode ?? null,
  };

  const composer = buildComposer();

  // ---- load ------------------------------------------------------------------------------------------------------
  let firstPage;
  try {
    [circle, profile, firstPage] = await Promise.all([
      get(base, { signal }),
      loadProfile().catch(() => profileStore.get()),
      get(`${base}/posts?${NEWEST}`, { signal }),
    ]);
  } catch (error) {
    if (signal.aborted || error?.name === 'AbortError') return;
    feed.removeAttribute('aria-busy');
    if (error?.status === 404) {
      setI18n(name, 'circle.notFound');
      errorBox.show('error', 'circle.notFound', error.problem?.detail);
    } else {
      setI18n(name, 'area.circles.name');
      errorBox.show('error', 'feed.loadFailed', error?.problem?.detail ?? error?.message);
    }
    return;
  }
  if (signal.aborted) return;
  member = Array.isArray(profile?.circles) && profile.circles.includes(circleId);
  ctx.app.setTitle('circle.pageTitle', { name: circle.name });
  renderHeader();
  renderComposer();

  for (const post of firstPage?.items ?? []) addCard(post, 'end');
  next = firstPage?.next ?? null;
  renderFeedState();
  feed.removeAttribute('aria-busy');

  loadTopics();
  loadRegions().then((regions) => {
    if (signal.aborted) return;
    regionsByCode = byCode(regions);
    renderHeader();
  }).catch(() => {});

  // Live from the seq the page was read at: the hub replays what came after it, then goes on live.
  followCircle(circleId, {
    afterSeq: Math.max(Number(firstPage?.lastSeq) || 0, 0),
    signal,
    onEvent: applyEvent,
    onJoinFailed: (error) => errorBox.show('error', 'feed.liveFailed', error?.message),
  });

  // ---- header: circle, membership ---------------------------------------------------------------------------------
  function renderHeader() {
    setText(name, circle.name);
    setText(description, circle.description ?? '');
    description.hidden = !circle.description;
    setText(members, t('circles.members', { n: formatNumber(circle.memberCount) }));
    const place = regionsByCode.get(circle.regionCode);
    setText(region, place ? regionName(place) : '');
    region.hidden = !place;
    joinButton.hidden = member;
    leaveButton.hidden = !member;
  }

  joinButton.addEventListener('click', () => changeMembership(true));
  leaveButton.addEventListener('click', () => changeMembership(false));

  // Member counts that arrived live: once one has, it is the count, and the page's own +1/-1 would count twice.
  let liveCounts = 0;

  async function changeMembership(join) {
    errorBox.clear();
    const countsBefore = liveCounts;
    const button = join ? joinButton : leaveButton;
    try {
      await busy(button, join ? 'circle.joining' : 'circle.leaving', () =>
        (join ? postJson(`${base}/members`) : del(`${base}/members/me`)));
    } catch (error) {
      if (signal.aborted) return;
      errorBox.show('error', errorTitleKey(error), detailOf(error));
      return;
    }
    if (signal.aborted) return;
    if (member !== join && liveCounts === countsBefore) {
      circle.memberCount = Math.max(0, (Number(circle.memberCount) || 0) + (join ? 1 : -1));
    }
    member = join;
    if (profile && Array.isArray(profile.circles)) {
      const others = profile.circles.filter((id) => id !== circleId);
      profileStore.set({ ...profile, circles: join ? [...others, circleId] : others });
      profile = profileStore.get();
    }
    renderHeader();
    renderComposer();
    for (const card of cards.values()) card.refresh();
    (join ? leaveButton : joinButton).focus({ preventScroll: true });
  }

  // ---- composer -------------------------------------------------------------------------------------------------------
  function renderComposer() {
    composerSlot.replaceChildren(member ? composer.element : h('div', { class: 'card composer-join' },
      h('p', { class: 'muted', i18n: 'composer.joinToPost' })));
  }

  function buildComposer() {
    const text = h('textarea', {
      rows: '3', maxlength: '5000', placeholder: t('composer.placeholder'), 'data-i18n-placeholder': 'composer.placeholder',
    });
    const textField = field({ name: 'text', labelKey: 'composer.text', control: text, testid: 'composer-text' });
    const image = h('input', { type: 'url', inputmode: 'url', autocomplete: 'off', placeholder: 'https://', maxlength: '2000' });
    const imageField = field({ name: 'imageUrls', labelKey: 'composer.image', control: image, hintKey: 'composer.imageHint', testid: 'composer-image' });
    const topic = h('select', {});
    const topicField = field({ name: 'topicId', labelKey: 'composer.topic', control: topic, testid: 'composer-topic' });
    const submit = h('button', { type: 'submit', class: 'button button-primary', testid: 'composer-submit', i18n: 'composer.submit' });
    const status = messageBox('composer-status');
    const extras = h('details', { class: 'composer-extras' },
      h('summary', { i18n: 'composer.more' }), imageField.wrapper, topicField.wrapper);
    const form = h('form', { class: 'card form composer', novalidate: true, testid: 'composer' },
      textField.wrapper, extras, status.element, h('div', { class: 'form-actions composer-actions' }, submit));
    const fields = [textField, imageField, topicField];
    const postKey = draftKey();

    function fillTopics() {
      const chosen = topic.value;
      const open = [...topics.values()].filter(isOpen);
      topic.replaceChildren(h('option', { value: '', i18n: 'composer.noTopic' }),
        ...open.map((item) => h('option', { value: item.topicId, text: item.title })));
      topic.value = open.some((item) => item.topicId === chosen) ? chosen : '';
      topicField.wrapper.hidden = open.length === 0;
    }
    fillTopics();

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      fields.forEach((f) => f.clearError());
      status.clear();
      errorBox.clear();
      const body = { text: text.value.trim() };
      if (!body.text) {
        textField.setError('validation.required', { translated: true });
        text.focus();
        return;
      }
      const url = image.value.trim();
      if (url) {
        if (!/^https?:\/\//i.test(url)) {
          extras.open = true;
          imageField.setError('composer.imageInvalid', { translated: true });
          image.focus();
          return;
        }
        body.imageUrls = [url];
      }
      if (topic.value) body.topicId = topic.value;
      try {
        await busy(submit, 'composer.submitting', () => postJson(`${base}/posts`, body, { headers: postKey.for(body) }));
      } catch (error) {
        if (signal.aborted) return;
        if (error?.problem?.errors?.imageUrls) extras.open = true;
        if (Object.keys(error?.fieldErrors ?? {}).length) showProblem(error, { fields, box: errorBox });
        else errorBox.show('error', error?.status === 403 ? 'circle.membersOnly' : errorTitleKey(error), detailOf(error));
        return;
      }
      if (signal.aborted) return;
      // The post itself arrives on the live feed (postCreated), at the top; without a connection, catch up here.
      postKey.done();
      form.reset();
      fillTopics();
      text.focus({ preventScroll: true });
      status.show('success', 'composer.posted');
      setTimeout(() => status.clear(), 3000);
      catchUpSoon();
    });

    return { element: form, fillTopics };
  }

  // Without a live connection the reader's own post would not show: read the newest page once and add what is missing.
  let catchUpTimer = null;
  function catchUpSoon() {
    clearTimeout(catchUpTimer);
    catchUpTimer = setTimeout(async () => {
      if (signal.aborted) return;
      try {
        const page = await get(`${base}/posts?${NEWEST}`, { signal });
        const fresh = (page?.items ?? []).filter((post) => !cards.has(post.postId) && !removed.has(post.postId)
          && !pending.some((p) => p.postId === post.postId));
        const newest = Math.max(0, ...[...cards.values()].map((card) => Number(card.post.seq) || 0));
        for (const post of fresh.filter((p) => Number(p.seq) > newest).reverse()) addCard(post, 'start');
        renderFeedState();
      } catch {
        // The live feed or the next visit shows it.
      }
    }, 1500);
  }
  signal.addEventListener('abort', () => clearTimeout(catchUpTimer), { once: true });

  // ---- feed -------------------------------------------------------------------------------------------------------------
  function addCard(post, where) {
    if (!post?.postId || cards.has(post.postId) || removed.has(post.postId)) return null;
    const card = postCard(post, cardEnv);
    cards.set(post.postId, card);
    if (where === 'start') feed.prepend(card.element);
    else feed.append(card.element);
    return card;
  }

  function removePost(postId) {
    removed.add(postId);
    topicCards.get(postId)?.element.remove();
    topicCards.delete(postId);
    const card = cards.get(postId);
    if (card) {
      card.element.remove();
      cards.delete(postId);
    }
    const index = pending.findIndex((p) => p.postId === postId);
    if (index >= 0) pending.splice(index, 1);
    renderFeedState();
  }

  function renderFeedState() {
    feedEmpty.hidden = cards.size > 0 || pending.length > 0;
    olderButton.hidden = !next;
    feedEnd.hidden = Boolean(next) || cards.size === 0;
    newPostsBar.hidden = pending.length === 0;
    setText(newPostsBar.querySelector('.new-posts-text'), t(pending.length === 1 ? 'feed.newPost' : 'feed.newPosts', { n: formatNumber(pending.length) }));
  }

  olderButton.addEventListener('click', async () => {
    if (!next) return;
    errorBox.clear();
    try {
      const page = await busy(olderButton, 'feed.loadingOlder', () => get(`${base}/posts?before=${encodeURIComponent(next)}&limit=${PAGE_SIZE}`, { signal }));
      if (signal.aborted) return;
      for (const post of page?.items ?? []) addCard(post, 'end');
      next = page?.next ?? null;
    } catch (error) {
      if (signal.aborted) return;
      errorBox.show('error', 'feed.olderFailed', detailOf(error));
    }
    renderFeedState();
  });

  newPostsBar.addEventListener('click', () => {
    const first = showPending();
    const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    window.scrollTo({ top: 0, behavior: reduced ? 'auto' : 'smooth' });
    first?.element.focus({ preventScroll: true });
  });

  /** Puts the waiting posts at the top (newest first); returns the newest card. */
  function showPending() {
    let newest = null;
    for (const post of pending.splice(0)) {
      const card = addCard(post, 'start');
      if (card) {
        card.element.classList.add('is-new');
        newest = card;
      }
    }
    renderFeedState();
    return newest;
  }

  // ---- live -----------------------------------------------------------------------------------------------------------
  function applyEvent({ kind, data, seq }) {
    if (!data || typeof data !== 'object') return;
    switch (kind) {
      case 'postCreated': {
        const post = { seq, ...data };
        if (!post.postId || cards.has(post.postId) || removed.has(post.postId) || pending.some((p) => p.postId === post.postId)) return;
        if (post.topicId && topics.has(post.topicId)) {
          // The post count now; who takes part only the read model knows: read the topics again shortly.
          const topic = topics.get(post.topicId);
          topic.postCount = (Number(topic.postCount) || 0) + 1;
          renderTopics();
          reloadTopicsSoon();
        }
        if (post.topicId && post.topicId === openTopicId && !topicCards.has(post.postId)) addTopicCard(post, 'start');
        // The reader's own post, or a reader at the top: straight in. Further down: behind the bar.
        if (post.authorId === userId() || window.scrollY <= SCROLLED_PX) {
          showPending(); // any still waiting are older: they go first, so the feed stays in order
          addCard(post, 'start')?.element.classList.add('is-new');
        } else {
          pending.push(post);
        }
        renderFeedState();
        return;
      }
      case 'likeChanged': {
        const waiting = pending.find((p) => p.postId === data.postId);
        if (waiting) waiting.likeCount = data.likeCount;
        cards.get(data.postId)?.setLikeCount(data.likeCount);
        topicCards.get(data.postId)?.setLikeCount(data.likeCount);
        return;
      }
      case 'commentAdded': {
        const waiting = pending.find((p) => p.postId === data.postId);
        if (waiting) waiting.commentCount = data.commentCount;
        cards.get(data.postId)?.addComment(data, data.commentCount);
        topicCards.get(data.postId)?.addComment(data, data.commentCount);
        // A department's public answer also moves its ticket to answered (the read model says so; no ticketChanged does).
        if (data.department?.ticketId) {
          applyEvent({ kind: 'ticketChanged', seq, data: {
            postId: data.postId, ticketId: data.department.ticketId, status: 'answered', departmentId: data.department.departmentId,
            resolution: null,
          } });
        }
        return;
      }
      case 'ticketChanged': {
        const ticket = { ticketId: data.ticketId, status: data.status, departmentId: data.departmentId, resolution: data.resolution };
        const waiting = pending.find((p) => p.postId === data.postId);
        if (waiting) {
          // Merged as the card merges it (post-card.js setTicket).
          const before = waiting.ticket?.ticketId === ticket.ticketId ? waiting.ticket : null;
          waiting.ticket = {
            ...ticket,
            departmentId: ticket.departmentId ?? before?.departmentId ?? null,
            resolution: ticket.status === 'closed' ? ticket.resolution ?? before?.resolution ?? null : ticket.resolution,
          };
        }
        cards.get(data.postId)?.setTicket(ticket);
        topicCards.get(data.postId)?.setTicket(ticket);
        return;
      }
      case 'postRemoved':
        removePost(data.postId);
        return;
      case 'membersChanged':
        if (Number.isFinite(Number(data.memberCount))) {
          circle.memberCount = Number(data.memberCount);
          liveCounts += 1;
          renderHeader();
        }
        return;
      case 'topicCreated':
        if (data.topicId && !topics.has(data.topicId)) {
          topics.set(data.topicId, { postCount: 0, participantCount: 0, ...data });
          renderTopics();
        }
        return;
      default:
        // Kinds this page does not know yet are ignored.
    }
  }

  // ---- topics -----------------------------------------------------------------------------------------------------------
  async function loadTopics() {
    try {
      const page = await get(`${base}/topics`, { signal });
      if (signal.aborted) return;
      for (const topic of page?.items ?? []) topics.set(topic.topicId, { ...topics.get(topic.topicId), ...topic });
    } catch (error) {
      if (signal.aborted || error?.name === 'AbortError') return;
    }
    renderTopics();
  }

  let topicsTimer = null;
  function reloadTopicsSoon() {
    clearTimeout(topicsTimer);
    topicsTimer = setTimeout(() => {
      if (!signal.aborted) loadTopics();
    }, 1500);
  }
  signal.addEventListener('abort', () => clearTimeout(topicsTimer), { once: true });

  function isOpen(topic) {
    const now = Date.now();
    const starts = Date.parse(topic.startsAt);
    const ends = Date.parse(topic.endsAt);
    if (Number.isFinite(starts) && Number.isFinite(ends)) return now >= starts && now < ends;
    return Boolean(topic.open);
  }

  function renderTopics() {
    const items = [...topics.values()].sort((a, b) => Number(isOpen(b)) - Number(isOpen(a))
      || Date.parse(b.startsAt) - Date.parse(a.startsAt));
    topicsSection.hidden = items.length === 0 && !mayOpenTopics();
    topicList.replaceChildren(...items.map((topic) => {
      const open = isOpen(topic);
      return h('li', { class: `topic-item${open ? ' is-open' : ''}`, testid: 'topic-item', dataset: { topicId: topic.topicId, open: String(open) } },
        h('div', { class: 'topic-head' },
          h('span', { class: 'topic-title', text: `#${topic.title}` }),
          h('span', { class: `chip topic-state ${open ? 'chip-open' : 'chip-closed'}`, i18n: open ? 'topics.open' : 'topics.closed' })),
        topic.description ? h('p', { class: 'topic-description', text: topic.description }) : null,
        h('p', { class: 'topic-facts' },
          h('span', { text: t('topics.dates', { from: formatDate(topic.startsAt), to: formatDate(topic.endsAt) }) }),
          h('span', { text: t('topics.counts', { posts: formatNumber(topic.postCount), people: formatNumber(topic.participantCount) }) })),
        h('button', { type: 'button', class: 'button button-small', testid: 'topic-show-posts', i18n: 'topics.showPosts',
          'aria-pressed': String(topic.topicId === openTopicId), onClick: () => showTopicPosts(topic.topicId) }));
    }));
    if (openTopicId && topics.has(openTopicId)) setText(topicPostsTitle, `#${topics.get(openTopicId).title}`);
    renderTopicForm();
    composer.fillTopics();
    for (const card of cards.values()) card.refresh();
  }

  // ---- one topic's posts -------------------------------------------------------------------------------------------
  async function showTopicPosts(topicId) {
    openTopicId = topicId;
    topicCards.clear();
    topicPostsList.replaceChildren();
    topicPostsEmpty.hidden = true;
    topicPosts.hidden = false;
    topicPostsList.setAttribute('aria-busy', 'true');
    renderTopics();
    try {
      const page = await get(`${base}/posts?topicId=${encodeURIComponent(topicId)}&${NEWEST}`, { signal });
      if (signal.aborted || openTopicId !== topicId) return;
      // Posts that reached this page live may not be in the read model yet: the page's own copies fill in.
      const listed = new Set((page?.items ?? []).map((post) => post.postId));
      const seenLive = [...[...cards.values()].map((card) => card.post), ...pending]
        .filter((post) => post?.topicId === topicId && !listed.has(post.postId));
      const posts = [...(page?.items ?? []), ...seenLive].sort((a, b) => Number(b.seq) - Number(a.seq));
      for (const post of posts) if (!topicCards.has(post.postId)) addTopicCard(post, 'end');
    } catch (error) {
      if (signal.aborted || error?.name === 'AbortError') return;
      errorBox.show('error', 'feed.loadFailed', detailOf(error));
    }
    topicPostsList.removeAttribute('aria-busy');
    topicPostsEmpty.hidden = topicCards.size > 0;
    topicPosts.scrollIntoView?.({ block: 'nearest' });
  }

  function addTopicCard(post, where) {
    if (removed.has(post.postId)) return;
    const card = postCard(post, cardEnv);
    topicCards.set(post.postId, card);
    if (where === 'start') topicPostsList.prepend(card.element);
    else topicPostsList.append(card.element);
    topicPostsEmpty.hidden = true;
  }

  topicPostsClose.addEventListener('click', () => {
    openTopicId = null;
    topicCards.clear();
    topicPostsList.replaceChildren();
    topicPosts.hidden = true;
    renderTopics();
  });

  // ---- opening a topic (the circle's owner, a platform moderator) ------------------------------------------------
  function mayOpenTopics() {
    return Boolean(circle) && (circle.ownerId === userId() || isModerator());
  }

  let topicForm = null;
  function renderTopicForm() {
    if (!mayOpenTopics()) {
      topicFormSlot.replaceChildren();
      return;
    }
    topicForm ??= buildTopicForm();
    if (!topicFormSlot.contains(topicForm)) topicFormSlot.replaceChildren(topicForm);
  }

  function buildTopicForm() {
    const title = h('input', { type: 'text', maxlength: '60', required: true });
    const about = h('textarea', { rows: '2', maxlength: '1000' });
    const starts = h('input', { type: 'datetime-local', required: true });
    const ends = h('input', { type: 'datetime-local', required: true });
    const now = new Date();
    starts.value = localInput(now);
    ends.value = localInput(new Date(now.getTime() + 7 * 24 * 3600 * 1000));
    const fields = [
      field({ name: 'title', labelKey: 'topics.formTitle', control: title, testid: 'topic-title' }),
      field({ name: 'description', labelKey: 'topics.formDescription', control: about, testid: 'topic-description' }),
      field({ name: 'startsAt', labelKey: 'topics.formStarts', control: starts, testid: 'topic-starts' }),
      field({ name: 'endsAt', labelKey: 'topics.formEnds', control: ends, testid: 'topic-ends' }),
    ];
    const box = messageBox('topic-form-message');
    const submit = h('button', { type: 'submit', class: 'button button-primary', testid: 'topic-submit', i18n: 'topics.formSubmit' });
    const form = h('form', { class: 'topic-form', novalidate: true },
      h('details', {}, h('summary', { i18n: 'topics.formOpen' }), ...fields.map((f) => f.wrapper), box.element, submit));
    const topicKey = draftKey();
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      box.clear();
      const body = {
        title: title.value.trim(),
        description: about.value.trim(),
        startsAt: toIso(starts.value),
        endsAt: toIso(ends.value),
      };
      try {
        await busy(submit, 'topics.formSubmitting', () => postJson(`${base}/topics`, body, { headers: topicKey.for(body) }));
      } catch (error) {
        if (signal.aborted) return;
        if (Object.keys(error?.fieldErrors ?? {}).length) showProblem(error, { fields, box });
        else box.show('error', errorTitleKey(error), detailOf(error));
        return;
      }
      // The topic itself arrives on the live feed (topicCreated); the list is read again in case it is not connected.
      topicKey.done();
      title.value = '';
      about.value = '';
      box.show('success', 'topics.formDone');
      reloadTopicsSoon();
    });
    return form;
  }

  // ---- language ------------------------------------------------------------------------------------------------------------
  onLangChange(() => {
    renderHeader();
    renderTopics();
    renderFeedState();
    for (const card of cards.values()) card.refresh();
  }, signal);
}

/** A Date as the value of a datetime-local input (local time, minutes). */
function localInput(date) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 16);
}

/** A datetime-local value (local time) as ISO 8601 UTC, or '' when empty or invalid. */
function toIso(value) {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** The API's problem detail, after when to try again for a 429. */
function detailOf(error) {
  const detail = error?.problem?.detail ?? (error?.status === 0 ? '' : error?.message ?? '');
  const retry = error?.status === 429 && error.retryAfter ? t('error.retryAfter', { seconds: error.retryAfter }) : '';
  return [retry, detail].filter(Boolean).join(' ');
}
