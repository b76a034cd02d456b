// /creators/{creatorId}/dashboard — a creator account's dashboard (GET /api/creators/{id}/dashboard; the account's
// staff and moderators, 403 for others): the headline numbers, the last 30 days as charts (Chart.js, loaded only here)
// with a data table for the same numbers, the tasks with their progress and rewards, the works with their numbers, the
// reprints of the account's works by others and the boosts in force.
// Live, on the account's stream (`creator:{id}`, followed from the response's seq): `statsChanged` sets the headline
// numbers (told in a polite live region, at most once a second); `taskProgress` / `taskCompleted` / `taskFailed`
// change a task in place; `taskCompleted` and `incentiveGranted` show a dismissible toast; work events read the
// dashboard again. A value set by an event newer than a snapshot read later is kept (the read model trails the hub).
import { get } from '../../api.js';
import { h, icon, setI18n, setText } from '../../dom.js';
import { formatNumber, lang, onLangChange, t } from '../../i18n.js';
import { ICONS } from '../../icons.js';
import { followCreator } from './creator-live.js';
import { createCharts } from './dashboard-charts.js';
import { ID_PATTERN, creatorPage, creatorPath, detailOf, kindChip, statusChip, timeElement, workPage } from './work-view.js';

const STAT_KEYS = ['followers', 'works', 'views', 'likes', 'shares', 'comments', 'points'];
const LIVE_STAT_KEYS = ['followers', 'works', 'views', 'likes', 'shares', 'comments'];
const METRICS = ['views', 'likes', 'shares', 'followers', 'works'];
const TASK_STATUSES = ['open', 'completed', 'failed'];
const REFETCH_KINDS = new Set(['workPublished', 'workCorrected', 'workWithdrawn', 'workReprinted', 'reprintUpdated',
  'workCreated', 'workRevised', 'incentiveGranted', 'taskCompleted']);
const ANNOUNCE_EVERY_MS = 1000;
const REFETCH_AFTER_MS = 600;
const MAX_TOASTS = 3;

const num = (value) => (Number.isFinite(Number(value)) ? Number(value) : 0);
const list = (value) => (Array.isArray(value) ? value : []);
const dashboardPath = (creatorId) => `${creatorPath(creatorId)}/dashboard`;
const studioPath = (creatorId) => `/creators?${new URLSearchParams({ creator: creatorId })}`;

/** A day of the series ("2026-11-02", a UTC date) in the current language. */
function dayLabel(date, { long = false } = {}) {
  const value = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(value.getTime())) return String(date ?? '');
  return value.toLocaleDateString(lang(), long
    ? { month: 'short', day: 'numeric', timeZone: 'UTC' }
    : { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
}

/** A date, short: without the year when it is this year's. */
function shortDate(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const year = date.getFullYear() === new Date().getFullYear() ? undefined : 'numeric';
  return date.toLocaleDateString(lang(), { year, month: 'short', day: 'numeric' });
}

/** The text of key with some {name} placeholders replaced by nodes (links inside a sentence whose order varies). */
function sentence(key, nodes, vars = {}) {
  const marks = Object.keys(nodes);
  const text = t(key, { ...vars, ...Object.fromEntries(marks.map((name, i) => [name, `\u0000${i}\u0000`])) });
  return text.split('\u0000').map((part, i) => (i % 2 === 1 ? nodes[marks[Number(part)]] : part)).filter((part) => part !== '');
}

export async function render(container, ctx) {
  const { signal } = ctx;
  const creatorId = ctx.routeParams?.creatorId ?? '';
  ctx.app.setTitle('dashboard.title');

  const back = h('a', { class: 'back-link', href: studioPath(creatorId), testid: 'dash-back' },
    icon(ICONS.back, { size: 18 }), h('span', { i18n: 'studio.back' }));
  const heading = h('h1', { i18n: 'dashboard.title', tabindex: '-1' });
  const nameLine = h('p', { class: 'lead dash-name', testid: 'dash-name', hidden: true });
  const live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', testid: 'dash-live' });
  const state = h('div', { class: 'dash-state' },
    h('p', { class: 'card muted dash-loading', testid: 'dash-loading', role: 'status', i18n: 'dashboard.loading' }));
  const body = h('div', { class: 'dash-body', hidden: true });
  const toasts = h('div', { class: 'dash-toasts', role: 'status', 'aria-live': 'polite', testid: 'dash-toasts' });
  const page = h('div', { class: 'creators-page dashboard-page', testid: 'dashboard' },
    back, h('header', { class: 'dash-header' }, heading, nameLine), live, state, body, toasts);
  container.append(page);

  if (!ID_PATTERN.test(creatorId)) {
    showFailure({ status: 404 });
    return;
  }

  // ---- what the page shows -----------------------------------------------------------------------------------------
  const stats = Object.fromEntries(STAT_KEYS.map((key) => [key, 0]));
  let snapshot = null;
  let tasks = [];
  const statSeq = new Map(); // stat → seq of the live event that set it
  const taskSeq = new Map(); // taskId → seq of the live event that changed it

  function showFailure(error) {
    body.hidden = true;
    const status = error?.status;
    const key = status === 403 ? 'dashboard.error.403' : status === 404 ? 'dashboard.error.404'
      : status === 0 ? 'dashboard.error.network' : 'dashboard.error.failed';
    const detail = status === 403 || status === 404 ? '' : detailOf(error);
    const retry = status === 403 || status === 404 ? null
      : h('button', { type: 'button', class: 'button', testid: 'dash-retry', i18n: 'dashboard.retry', onClick: () => load() });
    state.replaceChildren(h('div', { class: 'message message-error dash-error', role: 'alert', testid: 'dash-error', dataset: { status: String(status ?? '') } },
      h('p', { class: 'message-title', i18n: key }),
      detail ? h('p', { class: 'message-detail', text: detail }) : null,
      status === 403 ? h('p', { class: 'message-detail', i18n: 'dashboard.error.403hint' }) : null,
      retry));
  }

  async function load() {
    state.replaceChildren(h('p', { class: 'card muted dash-loading', testid: 'dash-loading', role: 'status', i18n: 'dashboard.loading' }));
    let data;
    try {
      data = await get(dashboardPath(creatorId), { signal });
    } catch (error) {
      if (signal.aborted || error?.name === 'AbortError') return;
      showFailure(error);
      return;
    }
    if (signal.aborted) return;
    state.replaceChildren();
    body.hidden = false;
    applySnapshot(data ?? {});
    if (!following) follow(data ?? {});
    drawCharts();
  }

  // ---- sections ----------------------------------------------------------------------------------------------------
  const statValues = new Map();
  const statsList = h('ul', { class: 'dash-stats', testid: 'dash-stats' }, STAT_KEYS.map((key) => {
    const value = h('span', { class: 'dash-stat-value', testid: `dash-${key}` });
    statValues.set(key, value);
    return h('li', { class: `dash-stat dash-stat-${key}` }, h('span', { class: 'dash-stat-label', i18n: `dashboard.stat.${key}` }), value);
  }));
  const statsSection = section('dash-overview', 'dashboard.overview', statsList);

  const tasksList = h('ul', { class: 'dash-tasks', testid: 'dash-tasks' });
  const tasksEmpty = h('p', { class: 'muted', testid: 'dash-tasks-empty', i18n: 'dashboard.tasks.empty', hidden: true });
  const tasksSection = section('dash-tasks-title', 'dashboard.tasks.title', tasksList, tasksEmpty);

  const viewsCanvas = h('canvas', { role: 'img', testid: 'dash-chart-views' });
  const engagementCanvas = h('canvas', { role: 'img', testid: 'dash-chart-engagement' });
  const chartsFailed = h('p', { class: 'message message-error', testid: 'dash-charts-failed', i18n: 'dashboard.charts.failed', hidden: true });
  const dailyTable = h('table', { class: 'dash-table', testid: 'dash-daily-table' });
  const dailyDetails = h('details', { class: 'dash-daily', testid: 'dash-daily' },
    h('summary', { i18n: 'dashboard.daily.show' }),
    scrollRegion('dashboard.daily.caption', dailyTable));
  const chartsBox = h('div', { class: 'dash-charts' },
    h('figure', { class: 'dash-figure' },
      h('figcaption', { i18n: 'dashboard.charts.views' }),
      h('div', { class: 'dash-chart' }, viewsCanvas)),
    h('figure', { class: 'dash-figure' },
      h('figcaption', { i18n: 'dashboard.charts.engagement' }),
      h('div', { class: 'dash-chart' }, engagementCanvas)));
  const chartsSection = section('dash-charts-title', 'dashboard.charts.title',
    h('p', { class: 'muted dash-charts-lead', i18n: 'dashboard.charts.lead' }),
    chartsBox, chartsFailed, dailyDetails);

  const worksTable = h('table', { class: 'dash-table', testid: 'dash-top-works' });
  const worksEmpty = h('p', { class: 'muted', testid: 'dash-top-works-empty', i18n: 'dashboard.works.empty', hidden: true });
  const worksWrap = scrollRegion('dashboard.works.title', worksTable);
  const worksSection = section('dash-works-title', 'dashboard.works.title', worksWrap, worksEmpty);

  const reprintsList = h('ul', { class: 'dash-list', testid: 'dash-reprints' });
  const reprintsEmpty = h('p', { class: 'muted', testid: 'dash-reprints-empty', i18n: 'dashboard.reprints.empty', hidden: true });
  const reprintsSection = section('dash-reprints-title', 'dashboard.reprints.title', reprintsList, reprintsEmpty);

  const boostsList = h('ul', { class: 'dash-list', testid: 'dash-boosts' });
  const boostsEmpty = h('p', { class: 'muted', testid: 'dash-boosts-empty', i18n: 'dashboard.boosts.empty', hidden: true });
  const boostsSection = section('dash-boosts-title', 'dashboard.boosts.title',
    h('p', { class: 'muted', i18n: 'dashboard.boosts.lead' }), boostsList, boostsEmpty);

  body.append(statsSection, tasksSection, chartsSection, worksSection, reprintsSection, boostsSection);

  function section(id, titleKey, ...children) {
    return h('section', { class: 'card dash-section', 'aria-labelledby': id }, h('h2', { id, i18n: titleKey }), ...children);
  }

  /** A table that may scroll sideways on a phone: a focusable, named region (keyboard users can scroll it). */
  function scrollRegion(labelKey, table) {
    return h('div', { class: 'dash-table-wrap', role: 'region', tabindex: '0', 'aria-label': t(labelKey), 'data-i18n-aria-label': labelKey }, table);
  }

  // ---- rendering from the state --------------------------------------------------------------------------------------
  function applySnapshot(data) {
    snapshot = data;
    const seq = num(data.seq);
    setText(nameLine, data.name || creatorId);
    nameLine.hidden = false;
    ctx.app.setTitle('dashboard.pageTitle', { name: data.name || creatorId });
    // The answer's seq is the account's (the works read model); its numbers, tasks' results, points and boosts come
    // from the stats tables, which may trail that seq. What only goes one way is never taken back by an older answer:
    // points only grow, a completed or failed task stays so, a granted boost stays until its end. While the answer is
    // behind what the page was told live, it is read again a few times.
    let behind = false;
    for (const key of STAT_KEYS) {
      if ((statSeq.get(key) ?? -1) <= seq) stats[key] = num(data[key]);
    }
    if (statSeq.has('points') && num(data.points) < livePoints) {
      stats.points = livePoints;
      behind = true;
    }
    const known = new Map(tasks.map((task) => [task.taskId, task]));
    tasks = list(data.tasks).filter((task) => task?.taskId).map((task) => {
      const live = known.get(task.taskId);
      if (!live) return task;
      const endedLive = ENDED.has(live.status) && !ENDED.has(task.status);
      if (endedLive) behind = true;
      return (taskSeq.get(task.taskId) ?? -1) > seq || endedLive ? { ...task, ...liveTaskPart(live) } : task;
    });
    const boosted = new Set(list(data.boosts).map((boost) => boost?.workId));
    for (const workId of grantedBoosts) {
      if (boosted.has(workId)) grantedBoosts.delete(workId);
      else behind = true;
    }
    renderAll();
    if (behind && behindReads < MAX_BEHIND_READS) {
      behindReads += 1;
      refetchSoon(REFETCH_AFTER_MS * (behindReads + 1));
    } else if (!behind) {
      behindReads = 0;
    }
  }

  const ENDED = new Set(['completed', 'failed']);
  const MAX_BEHIND_READS = 6;
  let behindReads = 0;
  let livePoints = 0; // the points as the live grants left them
  const grantedBoosts = new Set(); // works boosted by a live grant that no answer has listed yet

  const liveTaskPart = (task) => ({ progress: task.progress, target: task.target, status: task.status });

  function renderAll() {
    renderStats();
    renderTasks();
    renderDailyTable();
    renderWorks();
    renderReprints();
    renderBoosts();
    updateCharts();
  }

  function renderStats() {
    for (const key of STAT_KEYS) {
      const el = statValues.get(key);
      setText(el, formatNumber(stats[key]));
      el.dataset.value = String(stats[key]);
    }
  }

  function renderTasks() {
    tasksList.replaceChildren(...tasks.map(taskItem));
    tasksEmpty.hidden = tasks.length > 0;
  }

  let taskCounter = 0;
  function taskItem(task) {
    taskCounter += 1;
    const titleId = `dash-task-title-${taskCounter}`;
    const textId = `dash-task-text-${taskCounter}`;
    const status = TASK_STATUSES.includes(task.status) ? task.status : 'open';
    const metric = METRICS.includes(task.metric) ? task.metric : 'views';
    const target = Math.max(0, num(task.target));
    const progress = Math.max(0, num(task.progress));
    const bar = h('progress', { class: `dash-progress dash-progress-${status}`, testid: 'task-progress',
      max: String(Math.max(1, target)), value: String(Math.min(progress, Math.max(1, target))),
      'aria-labelledby': titleId, 'aria-describedby': textId });
    const reward = rewardText(task.reward);
    const from = task.window?.from;
    const to = task.window?.to;
    return h('li', { class: `dash-task dash-task-${status}`, testid: `task-${task.taskId}`, dataset: { taskId: task.taskId, status } },
      h('div', { class: 'dash-task-head' },
        h('h3', { class: 'dash-task-title', id: titleId, text: task.title || task.taskId }),
        h('span', { class: `chip dash-task-status dash-task-status-${status}`, testid: 'task-status', dataset: { status },
          i18n: `dashboard.task.status.${status}` })),
      bar,
      h('p', { class: 'dash-task-progress', id: textId, testid: 'task-progress-text',
        text: t('dashboard.task.progress', { progress: formatNumber(progress), target: formatNumber(target), metric: t(`dashboard.metric.${metric}`) }) }),
      h('dl', { class: 'dash-task-facts' },
        reward ? [h('dt', { i18n: 'dashboard.task.reward' }), h('dd', { testid: 'task-reward', text: reward })] : null,
        from || to ? [h('dt', { i18n: 'dashboard.task.window' }),
          h('dd', { testid: 'task-window', text: t('dashboard.task.windowRange', { from: from ? shortDate(from) : '…', to: to ? shortDate(to) : '…' }) })] : null));
  }

  function rewardText(reward) {
    if (!reward) return '';
    const parts = [];
    if (num(reward.points) > 0) parts.push(t('dashboard.reward.points', { n: formatNumber(reward.points) }));
    if (reward.boost && num(reward.boost.weight) > 0) parts.push(boostText(reward.boost));
    return parts.join(t('dashboard.separator'));
  }

  function boostText(boost) {
    const weight = formatNumber(num(boost.weight));
    return boost.until ? t('dashboard.reward.boostUntil', { weight, until: shortDate(boost.until) }) : t('dashboard.reward.boost', { weight });
  }

  function daily() {
    return list(snapshot?.daily).map((day) => ({
      date: String(day?.date ?? ''), views: num(day?.views), likes: num(day?.likes), shares: num(day?.shares),
      comments: num(day?.comments), followers: num(day?.followers),
    }));
  }

  const DAILY_COLUMNS = ['views', 'likes', 'shares', 'comments', 'followers'];
  function renderDailyTable() {
    const days = daily();
    dailyTable.replaceChildren(
      h('caption', { class: 'visually-hidden', i18n: 'dashboard.daily.caption' }),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', i18n: 'dashboard.daily.date' }),
        DAILY_COLUMNS.map((metric) => h('th', { scope: 'col', class: 'num', i18n: `dashboard.series.${metric}` })))),
      h('tbody', {}, days.map((day) => h('tr', {},
        h('th', { scope: 'row' }, h('time', { datetime: day.date, text: dayLabel(day.date, { long: true }) })),
        DAILY_COLUMNS.map((metric) => h('td', { class: 'num', text: formatNumber(day[metric]) }))))));
  }

  function renderWorks() {
    const works = list(snapshot?.topWorks).filter((work) => work?.workId);
    worksWrap.hidden = works.length === 0;
    worksEmpty.hidden = works.length > 0;
    const columns = ['views', 'likes', 'shares', 'comments'];
    worksTable.replaceChildren(
      h('caption', { class: 'visually-hidden', i18n: 'dashboard.works.caption' }),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', i18n: 'dashboard.works.work' }),
        columns.map((metric) => h('th', { scope: 'col', class: 'num', i18n: `dashboard.series.${metric}` })))),
      h('tbody', {}, works.map((work) => h('tr', { testid: 'dash-work', dataset: { workId: work.workId } },
        h('th', { scope: 'row', class: 'dash-work-cell' },
          h('a', { href: workPage(work.workId), testid: 'dash-work-link', text: work.title || t('work.untitled') }),
          h('span', { class: 'dash-work-chips' }, work.kind ? kindChip(work.kind) : null, statusChip(work.status))),
        columns.map((metric) => h('td', { class: 'num', text: formatNumber(work[metric]) }))))));
  }

  function renderReprints() {
    const reprints = list(snapshot?.reprints).filter((item) => item?.workId);
    reprintsList.replaceChildren(...reprints.map((item) => h('li', { class: 'dash-item', testid: 'dash-reprint', dataset: { workId: item.workId } },
      h('p', { class: 'dash-item-main' }, sentence('dashboard.reprints.line', {
        reprinter: item.reprinterId
          ? h('a', { href: creatorPage(item.reprinterId), testid: 'dash-reprinter-link', text: item.reprinterName || item.reprinterId })
          : h('span', { text: item.reprinterName || '' }),
        work: h('a', { href: workPage(item.workId), testid: 'dash-reprinted-work-link', text: item.title || t('work.untitled') }),
      })),
      h('p', { class: 'dash-item-meta' },
        item.at ? timeElement(item.at, signal) : null,
        item.reprintId ? h('a', { href: workPage(item.reprintId), testid: 'dash-reprint-link', i18n: 'dashboard.reprints.open',
          'aria-label': t('dashboard.reprints.openNamed', { name: item.reprinterName || item.reprinterId || '' }) }) : null))));
    reprintsEmpty.hidden = reprints.length > 0;
  }

  function renderBoosts() {
    const boosts = list(snapshot?.boosts).filter((item) => item?.workId);
    boostsList.replaceChildren(...boosts.map((item) => h('li', { class: 'dash-item', testid: 'dash-boost', dataset: { workId: item.workId } },
      h('p', { class: 'dash-item-main' }, h('a', { href: workPage(item.workId), testid: 'dash-boost-link', text: item.title || t('work.untitled') })),
      h('p', { class: 'dash-item-meta' },
        h('span', { class: 'chip dash-boost-weight', text: t('dashboard.boosts.weight', { weight: formatNumber(num(item.weight)) }) }),
        item.until ? h('span', { text: t('dashboard.boosts.until', { until: shortDate(item.until) }) }) : null))));
    boostsEmpty.hidden = boosts.length > 0;
  }

  // ---- charts: Chart.js loaded on first draw; the table says the same numbers -------------------------------------
  let charts = null;
  let chartsLoading = false;

  function chartLabels(days) {
    const total = (metric) => days.reduce((sum, day) => sum + day[metric], 0);
    const peak = days.reduce((best, day) => (day.views > (best?.views ?? -1) ? day : best), null);
    viewsCanvas.setAttribute('aria-label', t('dashboard.charts.viewsLabel', {
      days: days.length, total: formatNumber(total('views')),
      peak: formatNumber(peak?.views ?? 0), date: peak ? dayLabel(peak.date, { long: true }) : '—',
    }));
    engagementCanvas.setAttribute('aria-label', t('dashboard.charts.engagementLabel', {
      days: days.length, likes: formatNumber(total('likes')), shares: formatNumber(total('shares')),
      comments: formatNumber(total('comments')), followers: formatNumber(total('followers')),
    }));
  }

  function updateCharts() {
    const days = daily();
    chartLabels(days);
    charts?.update({ labels: days.map((day) => dayLabel(day.date)), daily: days, seriesLabel: (metric) => t(`dashboard.series.${metric}`) });
  }

  async function drawCharts() {
    if (charts || chartsLoading) return;
    chartsLoading = true;
    try {
      charts = await createCharts({ viewsCanvas, engagementCanvas, themeRoot: page, locale: lang, signal });
      chartsFailed.hidden = true;
      updateCharts();
    } catch (error) {
      if (signal.aborted) return;
      console.warn('dashboard charts', error);
      chartsFailed.hidden = false;
      chartsBox.hidden = true;
      dailyDetails.open = true;
    } finally {
      chartsLoading = false;
    }
  }
  globalThis.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', () => charts?.retheme(), { signal });

  // ---- announcements: at most one a second, naming what changed ----------------------------------------------------
  const pendingStats = new Set();
  let announceTimer = null;
  let lastAnnounced = 0;

  function announceStats(keys) {
    keys.forEach((key) => pendingStats.add(key));
    if (announceTimer || pendingStats.size === 0) return;
    const wait = Math.max(0, lastAnnounced + ANNOUNCE_EVERY_MS - Date.now());
    announceTimer = setTimeout(() => {
      announceTimer = null;
      if (signal.aborted || pendingStats.size === 0) return;
      const changes = STAT_KEYS.filter((key) => pendingStats.has(key))
        .map((key) => t('dashboard.announce.stat', { label: t(`dashboard.stat.${key}`), value: formatNumber(stats[key]) }));
      pendingStats.clear();
      lastAnnounced = Date.now();
      setText(live, t('dashboard.announce.stats', { changes: changes.join(t('dashboard.separator')) }));
    }, wait);
  }
  signal.addEventListener('abort', () => clearTimeout(announceTimer), { once: true });

  // ---- toasts ---------------------------------------------------------------------------------------------------------
  function toast(text, kind) {
    const dismiss = h('button', { type: 'button', class: 'button button-ghost button-small dash-toast-dismiss', testid: 'dash-toast-dismiss',
      'aria-label': t('dashboard.toast.dismiss'), text: '×' });
    const item = h('div', { class: `dash-toast dash-toast-${kind}`, testid: 'dash-toast' }, h('p', { class: 'dash-toast-text', text }), dismiss);
    dismiss.addEventListener('click', () => {
      const next = item.nextElementSibling ?? item.previousElementSibling;
      item.remove();
      (next?.querySelector('button') ?? heading).focus({ preventScroll: true });
    });
    toasts.append(item);
    while (toasts.children.length > MAX_TOASTS) toasts.firstElementChild.remove();
  }

  // ---- live -----------------------------------------------------------------------------------------------------------
  let following = false;
  let refetchTimer = null;

  function refetchSoon(after = REFETCH_AFTER_MS) {
    clearTimeout(refetchTimer);
    refetchTimer = setTimeout(async () => {
      if (signal.aborted) return;
      try {
        const data = await get(dashboardPath(creatorId), { signal });
        if (!signal.aborted && data) applySnapshot(data);
      } catch {
        // The page keeps what it shows; the next event reads again.
      }
    }, after);
  }
  signal.addEventListener('abort', () => clearTimeout(refetchTimer), { once: true });

  function changeTask(taskId, seq, change) {
    const index = tasks.findIndex((task) => task.taskId === taskId);
    if (index < 0) {
      refetchSoon(); // a task the page has not read yet
      return null;
    }
    const task = { ...tasks[index], ...change };
    tasks[index] = task;
    taskSeq.set(taskId, seq);
    tasksList.querySelector(`[data-testid="task-${CSS.escape(taskId)}"]`)?.replaceWith(taskItem(task));
    return task;
  }

  function follow(data) {
    following = true;
    // Without a seq the whole stream would be replayed: its old task news must not pop up as toasts.
    const knownSeq = Number.isFinite(Number(data.seq)) && Number(data.seq) > 0;
    followCreator(creatorId, {
      afterSeq: num(data.seq),
      signal,
      onEvent: (message, { replayed }) => {
        const seq = num(message.seq);
        const d = message.data && typeof message.data === 'object' ? message.data : {};
        const fresh = knownSeq || !replayed;
        switch (message.kind) {
          case 'statsChanged': {
            const changed = LIVE_STAT_KEYS.filter((key) => key in d && num(d[key]) !== stats[key]);
            for (const key of LIVE_STAT_KEYS) {
              if (!(key in d)) continue;
              stats[key] = num(d[key]);
              statSeq.set(key, seq);
            }
            renderStats();
            if (fresh && changed.length) announceStats(changed);
            break;
          }
          case 'taskProgress':
            changeTask(d.taskId, seq, { progress: num(d.progress), ...('target' in d ? { target: num(d.target) } : {}) });
            break;
          case 'taskCompleted': {
            const task = changeTask(d.taskId, seq, { status: 'completed', ...('progress' in d ? { progress: num(d.progress) } : {}) });
            if (fresh) {
              const points = num(d.reward?.points ?? task?.reward?.points);
              toast(t(points > 0 ? 'dashboard.toast.completed' : 'dashboard.toast.completedNoPoints', {
                title: d.title || task?.title || d.taskId, points: formatNumber(points),
              }), 'completed');
            }
            break;
          }
          case 'taskFailed': {
            const task = changeTask(d.taskId, seq, { status: 'failed', ...('progress' in d ? { progress: num(d.progress) } : {}) });
            if (fresh && task) setText(live, t('dashboard.announce.taskFailed', { title: task.title || task.taskId }));
            break;
          }
          case 'incentiveGranted': {
            stats.points += num(d.points);
            livePoints = stats.points;
            statSeq.set('points', seq);
            if (d.boost && num(d.boost.weight) > 0 && new Date(d.boost.until).getTime() > Date.now()) {
              for (const workId of list(d.workIds)) if (workId) grantedBoosts.add(String(workId));
            }
            renderStats();
            if (fresh) {
              const boost = d.boost && num(d.boost.weight) > 0 ? `${t('dashboard.separator')}${boostText(d.boost)}` : '';
              toast(t('dashboard.toast.incentive', { points: formatNumber(num(d.points)), boost }), 'incentive');
            }
            break;
          }
          default:
            break;
        }
        if (REFETCH_KINDS.has(message.kind)) refetchSoon();
      },
      onFollowFailed: () => {
        setI18n(live, 'dashboard.liveFailed');
      },
    });
  }

  onLangChange(() => {
    if (!snapshot) return;
    ctx.app.setTitle('dashboard.pageTitle', { name: snapshot.name || creatorId });
    renderAll();
  }, signal);

  await load();
}
