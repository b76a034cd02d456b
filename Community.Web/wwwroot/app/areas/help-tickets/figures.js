// /help-tickets/figures — the ask-the-government figures for a region (all regions by default) and a window of days
// (the last 30 by default), from GET /api/tickets/stats: tickets received and closed, the completion rate, the median
// hours to a department's first reply, how many are overdue, and the citizens' satisfaction; the days as a bar chart
// (Chart.js, loaded only here) of received and closed with a table of the same numbers; and a table by department.
// The choice is kept in the address (?regionCode=&from=&to=).
import { get } from '../../api.js';
import { h, icon, setText } from '../../dom.js';
import { busy, field, messageBox } from '../../forms.js';
import { formatNumber, lang, onLangChange, t } from '../../i18n.js';
import { ICONS } from '../../icons.js';
import { fillRegionSelect, loadRegions } from '../../regions.js';
import { createDailyChart } from './figures-chart.js';
import { departmentName, departmentsById, detailOf } from './ticket-view.js';

const CODE_PATTERN = /^[0-9]{6}$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DEFAULT_DAYS = 30;
const HEADLINE = ['received', 'closed', 'completionRate', 'medianHoursToFirstReply', 'overdue', 'satisfaction', 'averageRating'];

const num = (value) => (Number.isFinite(Number(value)) ? Number(value) : 0);
const list = (value) => (Array.isArray(value) ? value : []);

/** A date (YYYY-MM-DD) some days before today, in UTC. */
function isoDay(daysAgo = 0) {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() - daysAgo);
  return date.toISOString().slice(0, 10);
}

/** The day after a YYYY-MM-DD date. */
function nextDay(day) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** A day of the series ("2026-11-02", a UTC date) in the current language. */
function dayLabel(date, { long = false } = {}) {
  const value = new Date(`${String(date).slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(value.getTime())) return String(date ?? '');
  return value.toLocaleDateString(lang(), long
    ? { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }
    : { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
}

const percent = (rate) => (rate === null || rate === undefined || !Number.isFinite(Number(rate))
  ? '—' : Number(rate).toLocaleString(lang(), { style: 'percent', maximumFractionDigits: 1 }));
const hours = (value) => (value === null || value === undefined || !Number.isFinite(Number(value))
  ? '—' : t('tickets.figures.hours', { n: Number(value).toLocaleString(lang(), { maximumFractionDigits: 1 }) }));
const rating = (value) => (value === null || value === undefined || !Number.isFinite(Number(value)) || Number(value) === 0
  ? '—' : t('tickets.figures.ratingValue', { n: Number(value).toLocaleString(lang(), { maximumFractionDigits: 1 }) }));

export async function render(container, ctx) {
  const { signal } = ctx;
  ctx.app.setTitle('tickets.figures.title');
  const params = ctx.params;

  const region = h('select', {}, h('option', { value: '', text: t('tickets.figures.allRegions') }));
  const from = h('input', { type: 'date', required: true, value: DATE_PATTERN.test(params.get('from') ?? '') ? params.get('from') : isoDay(DEFAULT_DAYS - 1) });
  const to = h('input', { type: 'date', required: true, value: DATE_PATTERN.test(params.get('to') ?? '') ? params.get('to') : isoDay(0) });
  const regionField = field({ name: 'regionCode', labelKey: 'tickets.figures.region', control: region, testid: 'figures-region' });
  const fromField = field({ name: 'from', labelKey: 'tickets.figures.from', control: from, testid: 'figures-from' });
  const toField = field({ name: 'to', labelKey: 'tickets.figures.to', control: to, testid: 'figures-to' });
  const submit = h('button', { type: 'submit', class: 'button button-primary', testid: 'figures-submit', i18n: 'tickets.figures.show' });
  const box = messageBox('figures-message');
  const form = h('form', { class: 'card form figures-form', testid: 'figures-form', novalidate: true, 'aria-labelledby': 'figures-form-title' },
    h('h2', { id: 'figures-form-title', class: 'visually-hidden', i18n: 'tickets.figures.choose' }),
    h('div', { class: 'figures-fields' }, regionField.wrapper, fromField.wrapper, toField.wrapper),
    box.element, h('div', { class: 'form-actions' }, submit));

  // ---- what the page shows ------------------------------------------------------------------------------------------
  const values = new Map();
  const headline = h('ul', { class: 'figures-stats', testid: 'figures-stats' }, HEADLINE.map((key) => {
    const value = h('span', { class: 'figures-stat-value', testid: `figures-${key}` });
    values.set(key, value);
    return h('li', { class: 'figures-stat' }, h('span', { class: 'figures-stat-label', i18n: `tickets.figures.stat.${key}` }), value);
  }));
  const period = h('p', { class: 'muted', testid: 'figures-period' });

  const canvas = h('canvas', { role: 'img', testid: 'figures-chart' });
  const chartBox = h('figure', { class: 'figures-figure' },
    h('figcaption', { i18n: 'tickets.figures.chart' }), h('div', { class: 'figures-chart' }, canvas));
  const chartFailed = h('p', { class: 'message message-error', testid: 'figures-chart-failed', i18n: 'tickets.figures.chartFailed', hidden: true });
  const dailyTable = h('table', { class: 'figures-table', testid: 'figures-daily-table' });
  const dailyDetails = h('details', { class: 'figures-daily', testid: 'figures-daily' },
    h('summary', { i18n: 'tickets.figures.dailyShow' }), scrollRegion('tickets.figures.dailyCaption', dailyTable));
  const departmentsTable = h('table', { class: 'figures-table', testid: 'figures-departments' });
  const departmentsEmpty = h('p', { class: 'muted', testid: 'figures-departments-empty', i18n: 'tickets.figures.noDepartments', hidden: true });
  const departmentsWrap = scrollRegion('tickets.figures.byDepartment', departmentsTable);

  const results = h('div', { class: 'figures-results', hidden: true },
    section('figures-overview', 'tickets.figures.overview', period, headline),
    section('figures-daily-title', 'tickets.figures.daily', chartBox, chartFailed, dailyDetails),
    section('figures-departments-title', 'tickets.figures.byDepartment', departmentsWrap, departmentsEmpty));
  const page = h('div', { class: 'tickets-page figures-page', testid: 'figures-page' },
    h('a', { class: 'back-link', href: '/help-tickets' }, icon(ICONS.back, { size: 18 }), h('span', { i18n: 'tickets.back' })),
    h('h1', { i18n: 'tickets.figures.title' }),
    h('p', { class: 'lead', i18n: 'tickets.figures.lead' }),
    form, results);
  container.append(page);

  function section(id, titleKey, ...children) {
    return h('section', { class: 'card tickets-section', 'aria-labelledby': id }, h('h2', { id, i18n: titleKey }), ...children);
  }

  /** A table that may scroll sideways on a phone: a focusable, named region (keyboard users can scroll it). */
  function scrollRegion(labelKey, table) {
    return h('div', { class: 'figures-table-wrap', role: 'region', tabindex: '0', 'aria-label': t(labelKey), 'data-i18n-aria-label': labelKey }, table);
  }

  const [regions, departments] = await Promise.all([loadRegions().catch(() => []), departmentsById()]);
  if (signal.aborted) return;
  const fillRegions = () => fillRegionSelect(region, regions, { placeholderKey: 'tickets.figures.allRegions' });
  fillRegions();
  const wanted = params.get('regionCode');
  if (CODE_PATTERN.test(wanted ?? '') && regions.some((r) => r.code === wanted)) region.value = wanted;

  let stats = null;
  let asked = null;

  function drawAll() {
    if (!stats) return;
    results.hidden = false;
    const satisfaction = stats.satisfaction ?? {};
    const shown = {
      received: formatNumber(stats.received),
      closed: formatNumber(stats.closed),
      completionRate: percent(stats.completionRate),
      medianHoursToFirstReply: hours(stats.medianHoursToFirstReply),
      overdue: formatNumber(stats.overdue),
      satisfaction: num(satisfaction.rated) > 0
        ? t('tickets.figures.satisfiedOf', { satisfied: formatNumber(satisfaction.satisfied), rated: formatNumber(satisfaction.rated) })
        : '—',
      averageRating: rating(satisfaction.averageRating),
    };
    for (const key of HEADLINE) {
      setText(values.get(key), shown[key]);
      values.get(key).dataset.value = String(key === 'satisfaction' ? num(satisfaction.satisfied)
        : key === 'averageRating' ? satisfaction.averageRating ?? '' : stats[key] ?? '');
    }
    setText(period, t('tickets.figures.period', { from: dayLabel(asked.from, { long: true }), to: dayLabel(asked.to, { long: true }) }));
    drawDaily();
    drawDepartments();
  }

  function days() {
    return list(stats?.daily).map((day) => ({ date: String(day?.date ?? '').slice(0, 10), received: num(day?.received), closed: num(day?.closed) }));
  }

  function drawDaily() {
    const series = days();
    dailyTable.replaceChildren(
      h('caption', { class: 'visually-hidden', i18n: 'tickets.figures.dailyCaption' }),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', i18n: 'tickets.figures.date' }),
        h('th', { scope: 'col', class: 'num', i18n: 'tickets.figures.series.received' }),
        h('th', { scope: 'col', class: 'num', i18n: 'tickets.figures.series.closed' }))),
      h('tbody', {}, series.map((day) => h('tr', {},
        h('th', { scope: 'row' }, h('time', { datetime: day.date, text: dayLabel(day.date, { long: true }) })),
        h('td', { class: 'num', text: formatNumber(day.received) }),
        h('td', { class: 'num', text: formatNumber(day.closed) })))));
    const total = (key) => series.reduce((sum, day) => sum + day[key], 0);
    canvas.setAttribute('aria-label', t('tickets.figures.chartLabel', {
      days: series.length, received: formatNumber(total('received')), closed: formatNumber(total('closed')),
    }));
    chart?.update({
      labels: series.map((day) => dayLabel(day.date)),
      received: series.map((day) => day.received),
      closed: series.map((day) => day.closed),
      seriesLabel: (key) => t(`tickets.figures.series.${key}`),
    });
  }

  function drawDepartments() {
    const rows = list(stats?.byDepartment).filter((row) => row?.departmentId);
    departmentsWrap.hidden = rows.length === 0;
    departmentsEmpty.hidden = rows.length > 0;
    const columns = ['received', 'closed', 'completionRate', 'medianHoursToFirstReply', 'overdue', 'averageRating'];
    const cell = (row, key) => (key === 'completionRate' ? percent(row[key])
      : key === 'medianHoursToFirstReply' ? hours(row[key])
        : key === 'averageRating' ? rating(row[key]) : formatNumber(row[key]));
    departmentsTable.replaceChildren(
      h('caption', { class: 'visually-hidden', i18n: 'tickets.figures.byDepartment' }),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', i18n: 'tickets.figures.department' }),
        columns.map((key) => h('th', { scope: 'col', class: 'num', i18n: `tickets.figures.column.${key}` })))),
      h('tbody', {}, rows.map((row) => h('tr', { testid: 'figures-department', dataset: { departmentId: row.departmentId } },
        h('th', { scope: 'row', class: 'figures-department-cell', text: departmentName(departments, row.departmentId) }),
        columns.map((key) => h('td', { class: 'num', text: cell(row, key) }))))));
  }

  // ---- the chart: Chart.js loaded on first draw; the table says the same numbers -------------------------------------
  let chart = null;
  let chartLoading = false;
  async function drawChart() {
    if (chart || chartLoading) return;
    chartLoading = true;
    try {
      chart = await createDailyChart({ canvas, themeRoot: page, locale: lang, signal });
      chartFailed.hidden = true;
      drawDaily();
    } catch (error) {
      if (signal.aborted) return;
      console.warn('figures chart', error);
      chartFailed.hidden = false;
      chartBox.hidden = true;
      dailyDetails.open = true;
    } finally {
      chartLoading = false;
    }
  }
  globalThis.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', () => chart?.retheme(), { signal });

  // ---- reading ------------------------------------------------------------------------------------------------------
  async function load() {
    box.clear();
    [fromField, toField].forEach((f) => f.clearError());
    const missing = [[fromField, from.value], [toField, to.value]].filter(([, v]) => !DATE_PATTERN.test(v)).map(([f]) => f);
    if (missing.length) {
      missing.forEach((f) => f.setError('validation.required', { translated: true }));
      missing[0].control.focus();
      return;
    }
    if (from.value > to.value) {
      toField.setError('tickets.figures.toBeforeFrom', { translated: true });
      to.focus();
      return;
    }
    const query = new URLSearchParams();
    if (region.value) query.set('regionCode', region.value);
    query.set('from', from.value);
    query.set('to', to.value);
    window.history.replaceState(null, '', `/help-tickets/figures?${query}`);
    // The API's window is of instants, its end exclusive: from the first day's start to the day after the last (UTC).
    const api = new URLSearchParams(query);
    api.set('from', `${from.value}T00:00:00Z`);
    api.set('to', `${nextDay(to.value)}T00:00:00Z`);
    asked = { from: from.value, to: to.value };
    try {
      const answer = await get(`/api/tickets/stats?${api}`, { signal });
      if (signal.aborted) return;
      stats = answer ?? {};
      drawAll();
      drawChart();
    } catch (error) {
      if (signal.aborted || error?.name === 'AbortError') return;
      const fieldErrors = error?.fieldErrors ?? {};
      if (fieldErrors.from) fromField.setError([].concat(fieldErrors.from).join(' '));
      if (fieldErrors.to) toField.setError([].concat(fieldErrors.to).join(' '));
      if (fieldErrors.regionCode) regionField.setError([].concat(fieldErrors.regionCode).join(' '));
      box.show('error', 'tickets.figures.failed', detailOf(error));
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(submit, 'tickets.list.loading', load);
  });
  onLangChange(() => {
    fillRegions();
    drawAll();
  }, signal);
  await load();
}
