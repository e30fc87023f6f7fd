// The admin API, called with the console's session: the cookie (HttpOnly, sent by the browser)
// plus the X-Gatehouse-Csrf header on every call (docs/console.md#sign-in-and-session).

let csrfToken = null;
let onSignedOut = () => {};
let reauthenticate = async () => false;
let reauthenticating = null;

/** An answer that was not a success: the problem+json's code, detail and field errors. */
export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super((problem && problem.detail) || `HTTP ${status}`);
    this.status = status;
    this.code = (problem && problem.code) || 'http_' + status;
    this.errors = (problem && Array.isArray(problem.errors) && problem.errors) || [];
    this.retryAfter = retryAfter;
    // The whole problem, for members beyond these (a 422 tests_failed's `failures`).
    this.problem = problem || null;
  }
}

export function setSignedOutHandler(fn) {
  onSignedOut = fn;
}

/**
 * What to do when the session ended under a page: fn() asks for the password where the admin is
 * (a dialog, so that unsaved edits stay) and resolves true once signed in again.
 */
export function setReauthenticateHandler(fn) {
  reauthenticate = fn;
}

/**
 * JSON with its integers kept whole: one past 2^53 (a 64-bit policy operand) stays the digits it
 * was, not the nearest double, and goes back out as those digits (JSON.rawJSON).
 */
export function parseJson(text) {
  return JSON.parse(text, (key, value, context) =>
    typeof value === 'number' && !Number.isSafeInteger(value) && context && /^-?\d+$/.test(context.source) && JSON.rawJSON
      ? JSON.rawJSON(context.source)
      : value,
  );
}

async function call(method, url, body, headers = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (csrfToken) h['X-Gatehouse-Csrf'] = csrfToken;
  const init = { method, headers: h, credentials: 'same-origin', cache: 'no-store', redirect: 'error' };
  if (body !== undefined) {
    h['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(url, init);
  const text = await res.text();
  let json = null;
  if (text) {
    try {
      json = parseJson(text);
    } catch (e) {
      json = null;
    }
  }
  if (!res.ok) {
    throw new ApiError(res.status, json, res.headers.get('Retry-After'));
  }
  return { json, etag: res.headers.get('ETag') };
}

/** A deep copy that keeps parseJson's whole integers (structuredClone would not). */
export const clone = (value) => parseJson(JSON.stringify(value));

/**
 * Calls /api/v1/admin + path. A 401 means the session ended: the admin signs in again where they
 * are and the call is made once more; if they decline, back to the sign-in page.
 */
export async function admin(method, path, body, headers) {
  try {
    return await call(method, '/api/v1/admin' + path, body, headers);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) throw e;
    csrfToken = null;
    // One dialog for every call that failed at once (a list asks for several keys).
    reauthenticating = reauthenticating || reauthenticate().finally(() => (reauthenticating = null));
    if (await reauthenticating) return call(method, '/api/v1/admin' + path, body, headers);
    onSignedOut('Your session has ended. Sign in again.');
    throw e;
  }
}

export const get = (path) => admin('GET', path).then((r) => r.json);

/**
 * A path segment, encoded (workspace names and ids come from the server or the address bar): '.'
 * and '..' become %2E, which the server refuses, so that no segment walks up the path.
 */
export const seg = (s) => (s === '.' || s === '..' ? s.replace(/\./g, '%2E') : encodeURIComponent(s));

/** Every page of a list (at most `max` items). */
export async function all(path, max = 2000) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await get(`${path}${sep}limit=500${cursor ? '&cursor=' + seg(cursor) : ''}`);
    items.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

// The session.
export async function session() {
  let json;
  try {
    ({ json } = await call('GET', '/api/v1/console/session'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
  const data = json && json.data;
  csrfToken = data && data.csrfToken ? data.csrfToken : null;
  return csrfToken ? data : null;
}

export async function signIn(user, password) {
  const { json } = await call('POST', '/api/v1/console/session', { user, password });
  csrfToken = json.data.csrfToken;
  return json.data;
}

/** Signs out; resolves once the server ended the session (or had none), else throws. */
export async function signOut() {
  try {
    await call('DELETE', '/api/v1/console/session');
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) throw e; // still signed in: say so
  }
  csrfToken = null;
}
