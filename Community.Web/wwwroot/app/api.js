// fetch wrapper for the REST API: JSON in and out, the Bearer token of the session, and RFC 9457 problem
// details turned into an ApiError with .status and .problem ({type, title, status, detail, errors}).
import { clearSession, freshToken, getSession } from './session.js';

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
 * Calls the API. options: method, body (sent as JSON), auth (default true: send the session's token, refreshed when
 * it is about to expire or was refused),
 * signal, headers (extra request headers, e.g. Idempotency-Key). Resolves with the parsed JSON (null for 204); rejects with ApiError, status 0 when the
 * network failed.
 */
export async function api(path, options = {}) {
  const { auth = true } = options;
  const hadSession = auth && getSession() !== null;
  const token = hadSession ? await freshToken() : null;
  let result = await send(path, options, token);
  // A 401 on a call that carried our token: the token was refused (expired, or roles and sessions changed); refresh
  // once and try again. If the session itself is over, sign in again. A 401 without a token (a wrong password at
  // sign-in) is for the page to show.
  if (result.error?.status === 401 && token) {
    const again = await freshToken({ force: true });
    result = again ? await send(path, options, again) : result;
    if (!again || result.error?.status === 401) {
      clearSession();
      unauthorized(result.error);
    }
  } else if (hadSession && !token) {
    clearSession();
    unauthorized(new ApiError(401, { title: 'Session ended' }));
  }
  if (result.error) throw result.error;
  return result.data;
}

async function send(path, { method = 'GET', body, signal, headers: extra } = {}, token) {
  const headers = { ...extra, Accept: 'application/json, application/problem+json' };
  if (token) headers.Authorization = `Bearer ${token}`;
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
    return { error: new ApiError(0, { title: 'Network error', detail: error?.message, type: 'network' }) };
  }

  const data = await readBody(response);
  if (response.ok) return { data };
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  return {
    error: new ApiError(response.status, toProblem(response, data), {
      retryAfter: Number.isFinite(retryAfter) ? retryAfter : null,
    }),
  };
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
