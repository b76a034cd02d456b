// Pieces shared by the help-tickets pages: API paths, the reference data (departments, categories; fetched once per
// page load like the regions), the caller's department, chips (status, kind), who acted on a step, a ticket row for
// the lists (mine, a department’s queue, the review queue, a reporter’s leads) and a list read page by page with "load more".
// User text only ever goes through textContent and attributes (dom.js).
import { get } from '../../api.js';
import { h, setText } from '../../dom.js';
import { busy } from '../../forms.js';
import { formatDateTime, lang, onLangChange, t } from '../../i18n.js';
import { getSession } from '../../session.js';

export const KINDS = ['help', 'complaint', 'suggestion'];
export const STATUSES = ['submitted', 'accepted', 'assigned', 'answered', 'resolved', 'closed', 'rejected', 'duplicate'];
/** Timeline steps may also say these (`reported`: a reporter attached a public report). */
export const STEP_STATUSES = [...STATUSES, 'reopened', 'transferred', 'escalated', 'reported'];
export const ACTORS = ['citizen', 'moderator', 'system', 'reporter'];
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
export const PAGE_SIZE = 20;

export const ticketPath = (ticketId) => `/api/tickets/${encodeURIComponent(ticketId)}`;
export const ticketPage = (ticketId) => `/help-tickets/${encodeURIComponent(ticketId)}`;

// ---- the caller ------------------------------------------------------------------------------------------------------

/** The signed-in caller's roles, as the token says (what the API checks). */
export function rolesOf(session = getSession()) {
  return Array.isArray(session?.roles) ? session.roles : [];
}

export const isModerator = (roles) => roles.includes('moderator') || roles.includes('admin');

/** The department a staff member works for: the token's `dept` claim (what the API checks), else the profile's. */
export function departmentOf(session = getSession(), profile = null) {
  const claim = tokenClaims(session?.accessToken)?.dept;
  if (typeof claim === 'string' && claim) return claim;
  return typeof profile?.departmentId === 'string' && profile.departmentId ? profile.departmentId : null;
}

function tokenClaims(token) {
  const part = typeof token === 'string' ? token.split('.')[1] : null;
  if (!part) return null;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

// ---- reference data ---------------------------------------------------------------------------------------------------

let departmentsPromise = null;
let categoriesPromise = null;

/** Every department (GET /api/departments), once per page load; a failure is tried again on the next call. */
export function loadDepartments() {
  departmentsPromise ??= get('/api/departments').then((list) => (Array.isArray(list) ? list : [])).catch((error) => {
    departmentsPromise = null;
    throw error;
  });
  return departmentsPromise;
}

/** The ticket categories (GET /api/tickets/categories), once per page load. */
export function loadCategories() {
  categoriesPromise ??= get('/api/tickets/categories').then((list) => (Array.isArray(list) ? list : [])).catch((error) => {
    categoriesPromise = null;
    throw error;
  });
  return categoriesPromise;
}

/** The departments by id, or an empty map when they cannot be read (the ids are shown then). */
export async function departmentsById() {
  try {
    return new Map((await loadDepartments()).map((d) => [d.departmentId, d]));
  } catch {
    return new Map();
  }
}

export async function categoriesByCode() {
  try {
    return new Map((await loadCategories()).map((c) => [c.code, c]));
  } catch {
    return new Map();
  }
}

/** A department's or a category's name in the current language. */
export function localName(item) {
  if (!item) return '';
  return lang() === 'en' && item.nameEn ? item.nameEn : item.name;
}

export function departmentName(departments, departmentId) {
  if (!departmentId) return '';
  return localName(departments?.get(departmentId)) || departmentId;
}

export function categoryName(categories, code) {
  if (!code) return '';
  return localName(categories?.get(code)) || code;
}

/** Who acted on a timeline step: a department (by name), or the citizen, a moderator, the system, a reporter. */
export function actorName(departments, by) {
  if (ACTORS.includes(by)) return t(`tickets.by.${by}`);
  return departmentName(departments, by) || t('tickets.by.unknown');
}

// ---- chips and small pieces ---------------------------------------------------------------------------------------------

export function statusChip(status, { testid = 'ticket-row-status' } = {}) {
  const known = STEP_STATUSES.includes(status) ? status : 'submitted';
  return h('span', { class: `chip ticket-status ticket-status-${known}`, testid, dataset: { status: known }, i18n: `tickets.status.${known}` });
}

export function kindChip(kind) {
  const known = KINDS.includes(kind) ? kind : 'help';
  return h('span', { class: `chip ticket-kind ticket-kind-${known}`, i18n: `tickets.kind.${known}` });
}

export function overdueChip() {
  return h('span', { class: 'chip ticket-overdue', testid: 'ticket-overdue', i18n: 'tickets.overdue' });
}

/** Plain text as paragraphs (blank lines split them; single breaks kept by CSS). */
export function paragraphs(text, className = 'ticket-paragraph') {
  return String(text ?? '').replace(/\r\n?/g, '\n').split(/\n[ \t\u3000]*\n+/)
    .map((part) => part.replace(/^\n+|\n+$/g, '')).filter((part) => part.trim())
    .map((part) => h('p', { class: className, text: part }));
}

/** A <time> whose text follows the language. */
export function timeElement(value, signal, { className = 'ticket-time' } = {}) {
  const time = h('time', { class: className, datetime: String(value ?? '') });
  const render = () => setText(time, formatDateTime(value));
  render();
  onLangChange(render, signal);
  return time;
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

/** A signal that aborts when either does. */
export function linked(a, b) {
  if (AbortSignal.any) return AbortSignal.any([a, b]);
  const controller = new AbortController();
  const stop = () => controller.abort();
  a.addEventListener('abort', stop, { once: true });
  b.addEventListener('abort', stop, { once: true });
  return controller.signal;
}

// ---- lists of tickets ----------------------------------------------------------------------------------------------------

/** Most urgent first: overdue, then the higher escalation, then the earlier due time; without a due time last. */
export function byUrgency(a, b) {
  if (Boolean(a.overdue) !== Boolean(b.overdue)) return a.overdue ? -1 : 1;
  const level = (Number(b.escalationLevel) || 0) - (Number(a.escalationLevel) || 0);
  if (level) return level;
  const due = (item) => {
    const at = item.dueAt ? Date.parse(item.dueAt) : Number.NaN;
    return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
  };
  if (due(a) !== due(b)) return due(a) < due(b) ? -1 : 1;
  return String(a.filedAt ?? '').localeCompare(String(b.filedAt ?? ''));
}

/**
 * One ticket of a list: its status (and overdue), kind, title linking the ticket page, region and category, and when it
 * was filed and is due. options: departments (a Map, to name the handling department), regionLabel(code), categories,
 * signal, showDepartment.
 */
export function ticketRow(item, { departments, categories, regionLabel, signal, showDepartment = false } = {}) {
  const titleId = `ticket-row-title-${item.ticketId}`;
  const level = Number(item.escalationLevel) || 0;
  return h('li', {
    class: `ticket-row${item.overdue ? ' is-overdue' : ''}`, testid: 'ticket-row',
    dataset: { ticketId: item.ticketId, status: item.status ?? '', overdue: item.overdue ? 'true' : 'false' },
  },
  h('div', { class: 'ticket-row-head' },
    statusChip(item.status),
    item.overdue ? overdueChip() : null,
    level > 0 ? h('span', { class: 'chip ticket-escalated', text: t('tickets.escalationLevel', { level }) }) : null,
    kindChip(item.kind)),
  h('h3', { class: 'ticket-row-title', id: titleId },
    h('a', { href: ticketPage(item.ticketId), testid: 'ticket-row-link', text: item.title || item.ticketId })),
  h('p', { class: 'ticket-row-meta' },
    item.regionCode ? h('span', { text: regionLabel ? regionLabel(item.regionCode) : item.regionCode }) : null,
    item.category ? h('span', { text: categoryName(categories, item.category) }) : null,
    showDepartment && item.departmentId ? h('span', { text: departmentName(departments, item.departmentId) }) : null),
  h('p', { class: 'ticket-row-meta' },
    item.filedAt ? h('span', {}, h('span', { i18n: 'tickets.filedAt' }), ' ', timeElement(item.filedAt, signal)) : null,
    item.dueAt && !['closed', 'rejected', 'duplicate'].includes(item.status)
      ? h('span', {}, h('span', { i18n: 'tickets.dueAt' }), ' ', timeElement(item.dueAt, signal))
      : null));
}

/**
 * A list read page by page from a `{items, next}` endpoint: `more` loads the next page; refresh() reads the pages
 * shown again (as one page of the same length), for live updates. render(items) draws what was read.
 * Returns { refresh, items() }.
 */
export function pagedList({ path, query = () => new URLSearchParams(), render, more, box, signal, onError }) {
  let items = [];
  let next = null;
  let request = 0;

  async function read({ append }) {
    const q = query();
    const limit = append ? PAGE_SIZE : Math.max(PAGE_SIZE, Math.min(100, items.length));
    q.set('limit', String(limit));
    if (append && next) q.set('after', next);
    const mine = ++request;
    const page = await get(`${path}?${q}`, { signal });
    if (signal.aborted || mine !== request) return;
    const fresh = Array.isArray(page?.items) ? page.items.filter((item) => item?.ticketId) : [];
    items = append ? [...items, ...fresh.filter((item) => !items.some((o) => o.ticketId === item.ticketId))] : fresh;
    next = page?.next ?? null;
    more.hidden = !next;
    render(items);
  }

  more.addEventListener('click', async () => {
    box.clear();
    try {
      await busy(more, 'tickets.list.loading', () => read({ append: true }));
    } catch (error) {
      if (!signal.aborted && error?.name !== 'AbortError') box.show('error', 'tickets.list.failed', detailOf(error));
    }
  });

  async function refresh() {
    try {
      await read({ append: false });
      box.clear();
    } catch (error) {
      if (signal.aborted || error?.name === 'AbortError') return;
      if (onError) onError(error);
      else box.show('error', 'tickets.list.failed', detailOf(error));
    }
  }

  return { refresh, items: () => items };
}
