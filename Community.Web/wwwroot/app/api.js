// fetch wrapper for the REST API: JSON in and out, the Bearer token of the session, and RFC 9457 problem
// details turned into an ApiError with .status and .problem ({type, title, status, detail, errors}).
import { getSession, clearSession } from './session.js';

export class ApiError extends Error {
  constructor(status, problem, { retryAfter = null } = {}) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem ?? {};
    this.retryAfter = retryAfter;
  }

  /** Field name → messages, from the problem's `errors` (validation problems). */
  get fieldErrors() {
    const errors = this.problem?.errors;
    return errors && typeof errors === 'object' ? errors : {};
  }
}

let unauthorized = () => window.location.assign('/signin');

/** What to do when the API says our token is no good (after the session is cleared). */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

async function readBody(response) {
  if (response.status === 204 || response.status === 205) return null;
  const text = await response.text();
  if (!text) return null;
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }
  return text;
}

function toProblem(response, body) {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    return { status: response.status, title: response.statusText, ...body };
  }
  return { status: response.status, title: response.statusText || `HTTP ${response.status}`, detail: typeof body === 'string' ? body.slice(0, 300) : undefined };
}

/**
 * Calls the API. options: method, body (sent as JSON), auth (default true: send the session's token),
 * signal, headers (extra request headers, e.g. Idempotency-Key). Resolves with the parsed JSON (null for 204); rejects with ApiError, status 0 when the
 * network failed.
 */
export async function api(path, { method = 'GET', body, auth = true, signal, headers: extra } = {}) {
  const headers = { ...extra, Accept: 'application/json, application/problem+json' };
  const session = auth ? getSession() : null;
  if (session) headers.Authorization = `Bearer ${session.accessToken}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new ApiError(0, { title: 'Network error', detail: error?.message, type: 'network' });
  }

  const data = await readBody(response);
  if (response.ok) return data;

  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  const error = new ApiError(response.status, toProblem(response, data), {
    retryAfter: Number.isFinite(retryAfter) ? retryAfter : null,
  });
  // A 401 on a call that carried our token means the session is over; a 401 without one (a wrong
  // password at sign-in) is for the page to show.
  if (response.status === 401 && session) {
    clearSession();
    unauthorized(error);
  }
  throw error;
}

export const get = (path, options) => api(path, { ...options, method: 'GET' });
export const post = (path, body, options) => api(path, { ...options, method: 'POST', body });
export const patch = (path, body, options) => api(path, { ...options, method: 'PATCH', body });
export const put = (path, body, options) => api(path, { ...options, method: 'PUT', body });
export const del = (path, options) => api(path, { ...options, method: 'DELETE' });

/**
 * The Idempotency-Key of a form's draft: the same draft sent again (a retry after a lost answer, a second click) gets
 * the same key, so the server creates it once; a changed draft gets a new key. Call done() once it was created.
 */
export function draftKey() {
  let draft = null;
  let key = null;
  return {
    for(body) {
      const text = JSON.stringify(body);
      if (text !== draft) {
        draft = text;
        key = newKey();
      }
      return { 'Idempotency-Key': key };
    },
    done() {
      draft = null;
    },
  };
}

function newKey() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
