// The Gatehouse console: a page per admin task, routed by the URL's fragment
// (#/w/<workspace>/<section>/…), built on the admin API only (docs/console.md).
import * as api from './api.js';
import { h, fill } from './dom.js';
import { errorNotice, loading, notice, signInAgainDialog } from './ui.js';
import * as signin from './pages/signin.js';
import * as workspaces from './pages/workspaces.js';
import * as providers from './pages/providers.js';
import * as policies from './pages/policies.js';
import * as playground from './pages/playground.js';
import * as tester from './pages/tester.js';
import * as decisions from './pages/decisions.js';
import * as tests from './pages/tests.js';

const SECTIONS = [
  { key: 'providers', label: 'Providers', page: providers },
  { key: 'policies', label: 'Policies', page: policies },
  { key: 'tests', label: 'Policy tests', page: tests },
  { key: 'playground', label: 'Token playground', page: playground },
  { key: 'check', label: 'Check tester', page: tester },
  { key: 'decisions', label: 'Decision log', page: decisions },
];
const WS_KEY = 'gatehouse.console.workspace';

const state = { user: null, workspaces: null, renderId: 0 };
const main = document.getElementById('main');
const nav = document.getElementById('nav');
const bar = document.getElementById('bar');

/** #/a/b?x=1 → {parts: ['a','b'], query: URLSearchParams} */
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch (e) {
      return p;
    }
  });
  return { parts, query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

export function go(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

export function wsHref(ws, ...rest) {
  return '#/w/' + [ws, ...rest].map(encodeURIComponent).join('/');
}

/** Forgets the cached workspace list (after a create, rename or delete). */
export function workspacesChanged() {
  state.workspaces = null;
}

async function workspaceNames() {
  if (!state.workspaces) state.workspaces = (await api.all('/workspaces')).map((w) => w.name);
  return state.workspaces;
}

function signedOut(message) {
  state.user = null;
  state.workspaces = null;
  // Several calls can fail at once: only the first, made from the page itself, names the way back.
  if (!location.hash.startsWith('#/signin')) sessionStorage.setItem('gatehouse.console.back', location.hash);
  if (message) sessionStorage.setItem('gatehouse.console.message', message);
  location.hash = '#/signin';
}
api.setSignedOutHandler(signedOut);
// A session that ends under a page (idle, restart) is renewed over it: unsaved edits stay.
api.setReauthenticateHandler(() => (state.user ? signInAgainDialog(state.user, api.signIn) : Promise.resolve(false)));

async function renderChrome(ws, section, id) {
  if (!state.user) {
    fill(bar, h('span.brand', h('span.logo', { 'aria-hidden': 'true' }), 'Gatehouse'));
    fill(nav);
    nav.hidden = true;
    return;
  }
  const names = await workspaceNames();
  if (id !== state.renderId) return; // a newer page is on its way: its bar, not this one
  nav.hidden = false;
  const select = h(
    'select#ws-select',
    {
      'aria-label': 'Workspace',
      onchange: () => {
        localStorage.setItem(WS_KEY, select.value);
        go(wsHref(select.value, section && section !== 'workspaces' ? section : 'providers'));
      },
    },
    names.map((n) => h('option', { value: n, selected: n === ws }, n)),
  );
  if (ws && !names.includes(ws)) select.prepend(h('option', { value: ws, selected: true }, ws));
  fill(
    bar,
    h('a.brand', { href: '#/workspaces' }, h('span.logo', { 'aria-hidden': 'true' }), 'Gatehouse'),
    h('div.ws-picker', h('label', { for: 'ws-select' }, 'Workspace'), select),
    h(
      'div.user',
      h('span.who', { title: 'Signed in as' }, state.user),
      h('button#sign-out', { type: 'button', onclick: doSignOut }, 'Sign out'),
    ),
  );
  const link = (href, label, current) =>
    h('li', h('a', { href, 'aria-current': current ? 'page' : null }, label));
  fill(
    nav,
    h(
      'ul',
      link('#/workspaces', 'Workspaces', section === 'workspaces'),
      SECTIONS.map((s) => link(wsHref(ws, s.key), s.label, section === s.key)),
    ),
  );
}

async function doSignOut() {
  try {
    await api.signOut();
  } catch (e) {
    // The server did not end the session (down, or an error): say so, do not pretend.
    const page = main.querySelector('.page');
    if (page) notice(page, 'error', `Not signed out: ${e.message}. Try again.`);
    return;
  }
  state.user = null;
  state.workspaces = null;
  sessionStorage.setItem('gatehouse.console.message', 'You are signed out.');
  sessionStorage.removeItem('gatehouse.console.back');
  go('#/signin');
}

async function render() {
  const id = ++state.renderId;
  const { parts, query } = parseHash();
  if (state.user === null && parts[0] !== 'signin') {
    const s = await api.session().catch(() => null);
    if (id !== state.renderId) return;
    if (!s) {
      signedOut(null);
      return;
    }
    state.user = s.user;
  }
  let page;
  let ctx = { query, go, main };
  let section;
  if (parts[0] === 'signin') {
    state.user = null;
    page = signin;
    ctx.onSignedIn = (user) => {
      state.user = user;
      const back = sessionStorage.getItem('gatehouse.console.back');
      sessionStorage.removeItem('gatehouse.console.back');
      go(back && back !== '#/signin' ? back : '#/workspaces');
    };
  } else if (parts[0] === 'w' && parts[1]) {
    const ws = parts[1];
    section = parts[2] || 'providers';
    const s = SECTIONS.find((x) => x.key === section);
    if (!s) {
      go(wsHref(ws, 'providers'));
      return;
    }
    localStorage.setItem(WS_KEY, ws);
    page = s.page;
    ctx = { ...ctx, ws, rest: parts.slice(3) };
  } else if (parts[0] === 'workspaces') {
    section = 'workspaces';
    page = workspaces;
  } else {
    const last = localStorage.getItem(WS_KEY);
    go(last ? wsHref(last, 'providers') : '#/workspaces');
    return;
  }
  try {
    await renderChrome(ctx.ws || localStorage.getItem(WS_KEY) || 'default', section, id);
  } catch (e) {
    if (id !== state.renderId) return;
    fill(main, h('div.page'));
    errorNotice(main.firstChild, e);
    return;
  }
  if (id !== state.renderId) return;
  const view = h('div.page');
  fill(main, view);
  view.append(loading());
  ctx.view = view;
  ctx.current = () => id === state.renderId;
  try {
    await page.render(ctx);
  } catch (e) {
    if (!ctx.current()) return;
    if (!(e instanceof api.ApiError && e.status === 401)) {
      const l = view.querySelector('.loading');
      if (l) l.remove();
      errorNotice(view, e);
    }
  }
  if (!ctx.current()) return;
  const l = view.querySelector(':scope > .loading');
  if (l) l.remove();
  document.title = `${(view.querySelector('h1') || {}).textContent || 'Console'} · Gatehouse`;
  // A page that chose where to start (the first field of a form) keeps that focus; otherwise the
  // title takes it, so Tab goes on from the top of the new page and a screen reader reads it.
  if (!view.contains(document.activeElement)) {
    const first = view.querySelector('[autofocus]') || view.querySelector('h1');
    if (first) first.focus({ preventScroll: true });
  }
}

// The skip link moves the focus only: its #main must not be taken for a page address.
document.querySelector('.skip').addEventListener('click', (ev) => {
  ev.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', () => {
  if (location.hash.startsWith('#/') || location.hash === '') render();
});
render();
