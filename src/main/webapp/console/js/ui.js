// Shared pieces of the console's pages: notices, field errors placed by JSON pointer, the
// confirmation dialog, badges.
import { ApiError } from './api.js';
import { h, fill } from './dom.js';

/** A notice (success, warning or error) at the top of `where`, replacing the previous one. */
export function notice(where, kind, ...content) {
  const box = noticeBox(where);
  const n = h(`div.notice.${kind}`, { role: kind === 'error' ? 'alert' : 'status' }, ...content);
  fill(box, n);
  return n;
}

function noticeBox(where) {
  let box = where.querySelector(':scope > .notices');
  if (!box) {
    box = h('div.notices');
    const head = where.querySelector(':scope > .page-head');
    if (head) head.after(box);
    else where.prepend(box);
  }
  return box;
}

/** Warnings of a write (the API's `warnings` list), if any. */
export function warnings(where, list) {
  if (!list || list.length === 0) return;
  noticeBox(where).append(h('div.notice.warning', { role: 'status' }, h('strong', 'Saved, with warnings:'), h('ul', list.map((w) => h('li', w)))));
}

/** Says what went wrong with a call in plain words. */
export function describe(e) {
  if (!(e instanceof ApiError)) return `Something went wrong: ${e.message}`;
  if (e.status === 429) return `Too many attempts; try again in ${e.retryAfter || 'a few'} s.`;
  if (e.status === 0 || e.status >= 500) return `Gatehouse could not do that (${e.code}): ${e.message}`;
  return e.message;
}

export function errorNotice(where, e) {
  return notice(where, 'error', describe(e));
}

/**
 * Shows a 400's errors at the fields their JSON pointers name: the element whose data-pointer is
 * the pointer, or else the nearest one above it (/rules/0/conditions/1/value → that condition, →
 * that rule …). Every error is also listed at the top, each a button that goes to its field — or,
 * with `locate` (pointer → {line, focus} or null), to the place in a JSON text it names.
 */
export function showErrors(form, e, locate) {
  clearErrors(form);
  const errors = e instanceof ApiError && e.errors.length ? e.errors : null;
  if (!errors) {
    errorNotice(form, e);
    return;
  }
  const items = [];
  for (const err of errors) {
    const target = findByPointer(form, err.pointer || '');
    const msg = h('p.field-error', { role: 'alert' }, h('span.sr-only', `${err.pointer}: `), err.message);
    if (target) {
      const id = `err-${++errorIds}`;
      msg.id = id;
      const control = target.matches('input, select, textarea') ? target : null;
      if (control) {
        control.setAttribute('aria-invalid', 'true');
        const prev = control.getAttribute('aria-describedby');
        control.setAttribute('aria-describedby', prev ? `${prev} ${id}` : id);
        (control.closest('.field') || control).after(msg);
        if (control.closest('.field')) control.closest('.field').classList.add('invalid');
      } else {
        target.classList.add('invalid');
        target.prepend(msg);
      }
    }
    const at = locate ? locate(err.pointer || '') : null;
    items.push(
      h(
        'li',
        h(
          'button.link',
          { type: 'button', onclick: () => (at ? at.focus() : focusTarget(target)) },
          at ? h('span.line-no', `line ${at.line}`) : null,
          at ? ' ' : null,
          h('code', err.pointer || '/'),
          ' ',
          err.message,
        ),
      ),
    );
  }
  const summary = notice(form, 'error', h('strong', `${errors.length === 1 ? 'One problem' : errors.length + ' problems'} to fix:`), h('ul', items));
  summary.classList.add('error-summary');
  const first = form.querySelector('[aria-invalid="true"]');
  if (first) first.focus();
}
let errorIds = 0;

function focusTarget(target) {
  if (!target) return;
  const control = target.matches('input, select, textarea, button') ? target : target.querySelector('input, select, textarea, button');
  (control || target).focus();
  (control || target).scrollIntoView({ block: 'center' });
}

export function findByPointer(root, pointer) {
  let p = pointer;
  for (;;) {
    // Only what is on screen: the policy editor's hidden tab holds the same pointers.
    const el = [...root.querySelectorAll(`[data-pointer="${CSS.escape(p)}"]`)].find((e) => !e.closest('[hidden]'));
    if (el) return el;
    if (p === '') return null;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

export function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) el.remove();
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.invalid')) el.classList.remove('invalid');
  const n = form.querySelector(':scope > .notices');
  if (n) n.replaceChildren();
}

/**
 * Asks before something is deleted, naming it; with `typeToConfirm` the admin types that name.
 * Resolves true when confirmed.
 */
export function confirmDialog({ title, body, confirmLabel, typeToConfirm }) {
  return new Promise((resolve) => {
    const input = typeToConfirm ? h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', 'data-test': 'confirm-input' }) : null;
    const ok = h('button.danger', { type: 'submit', value: 'ok', disabled: Boolean(typeToConfirm) }, confirmLabel);
    const dialog = h(
      'dialog.confirm',
      { 'aria-labelledby': 'confirm-title' },
      h(
        'form',
        { method: 'dialog' },
        h('h2#confirm-title', title),
        h('div', body),
        input ? h('div.field', h('label', { for: 'confirm-input' }, 'Type ', h('code', typeToConfirm), ' to confirm'), input) : null,
        h('div.actions', h('button', { type: 'submit', value: 'cancel' }, 'Cancel'), ok),
      ),
    );
    if (input) {
      input.id = 'confirm-input';
      input.addEventListener('input', () => (ok.disabled = input.value !== typeToConfirm));
    }
    // A modal dialog makes the page inert, but Tab past its last button would leave for the
    // browser's own controls: keep the focus going round inside.
    dialog.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Tab') return;
      const stops = [...dialog.querySelectorAll('input, button:not(:disabled)')];
      const edge = ev.shiftKey ? stops[0] : stops[stops.length - 1];
      if (document.activeElement === edge) {
        ev.preventDefault();
        (ev.shiftKey ? stops[stops.length - 1] : stops[0]).focus();
      }
    });
    const opener = document.activeElement;
    dialog.addEventListener('close', () => {
      dialog.remove();
      // Back to the button that opened it (when it is still there), not to the top of the page.
      if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
      resolve(dialog.returnValue === 'ok');
    });
    document.body.append(dialog);
    dialog.showModal();
    (input || ok).focus();
  });
}

/**
 * Runs a form's call with its submit buttons marked busy (a spinner, aria-disabled) and ignores
 * another submit until it ends, so a second Enter or click does not send it twice. aria-disabled
 * rather than disabled: a disabled button would drop the keyboard focus.
 */
export async function submitting(form, fn) {
  if (form.getAttribute('aria-busy') === 'true') return undefined;
  const buttons = [...form.querySelectorAll('button[type="submit"]')];
  form.setAttribute('aria-busy', 'true');
  for (const b of buttons) b.setAttribute('aria-disabled', 'true');
  try {
    return await fn();
  } finally {
    form.removeAttribute('aria-busy');
    for (const b of buttons) b.removeAttribute('aria-disabled');
  }
}

export function badge(text, kind) {
  return h(`span.badge.${kind || 'neutral'}`, text);
}

export function decisionBadge(allowed) {
  return badge(allowed ? 'Allow' : 'Deny', allowed ? 'allow' : 'deny');
}

export function pageHeader(title, ...actions) {
  return h('div.page-head', h('h1', { tabindex: '-1' }, title), actions.length ? h('div.actions', actions) : null);
}

export function loading() {
  return h('p.loading', { role: 'status' }, 'Loading…');
}

/**
 * Asks for the password again over the page when the session ended under it, so that what the
 * admin was editing stays (docs/console.md#sign-in-and-session). Resolves true once signed in;
 * false when they would rather go to the sign-in page.
 */
export function signInAgainDialog(user, signIn) {
  return new Promise((resolve) => {
    const password = h('input#again-password', { type: 'password', autocomplete: 'current-password', required: true });
    const message = h('div.notices');
    const ok = h('button.primary#again-submit', { type: 'submit' }, 'Sign in');
    const form = h(
      'form',
      {
        onsubmit: async (ev) => {
          ev.preventDefault();
          ok.disabled = true;
          try {
            await signIn(user, password.value);
            dialog.close('ok');
          } catch (e) {
            password.value = '';
            fill(message, h('div.notice.error', { role: 'alert' }, e.status === 401 ? 'Wrong password.' : describe(e)));
            password.focus();
          } finally {
            ok.disabled = false;
          }
        },
      },
      h('h2#again-title', 'Your session has ended'),
      h('p', 'Sign in again to carry on where you are; nothing on this page is lost.'),
      message,
      h('div.field', h('label', { for: 'again-password' }, `Password for ${user}`), password),
      h('div.actions', ok, h('button', { type: 'button', onclick: () => dialog.close('cancel') }, 'Go to the sign-in page')),
    );
    const dialog = h('dialog.confirm#sign-in-again', { 'aria-labelledby': 'again-title' }, form);
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'ok');
    });
    document.body.append(dialog);
    dialog.showModal();
    password.focus();
  });
}
