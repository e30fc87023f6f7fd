// The admin API, called with the console's session: the cookie (HttpOnly, sent by the browser)
// plus the X-Gatehouse-Csrf header on every call (docs/console.md#sign-in-and-session).

let csrfToken = null;
let onSignedOut = () => {};

/** An answer that was not a success: the problem+json's code, detail and field errors. */
export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super((problem && problem.detail) || `HTTP ${status}`);
    this.status = status;
    this.code = (problem && problem.code) || 'http_' + status;
    this.errors = (problem && Array.isArray(problem.errors) && problem.errors) || [];
    this.retryAfter = retryAfter;
  }
}

export function setSignedOutHandler(fn) {
  onSignedOut = fn;
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
      json = JSON.parse(text);
    } catch (e) {
      json = null;
    }
  }
  if (!res.ok) {
    throw new ApiError(res.status, json, res.headers.get('Retry-After'));
  }
  return { json, etag: res.headers.get('ETag') };
}

/** Calls /api/v1/admin + path; a 401 means the session ended: back to sign-in. */
export async function admin(method, path, body, headers) {
  try {
    return await call(method, '/api/v1/admin' + path, body, headers);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      csrfToken = null;
      onSignedOut('Your session has ended. Sign in again.');
    }
    throw e;
  }
}

export const get = (path) => admin('GET', path).then((r) => r.json);

/** A path segment, encoded (workspace names and ids come from the server, but still). */
export const seg = (s) => encodeURIComponent(s);

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

export async function signOut() {
  try {
    await call('DELETE', '/api/v1/console/session');
  } finally {
    csrfToken = null;
  }
}
