// Workspaces: list, create, rename (with the version read, so a stale edit is refused), delete
// after a confirmation that names what goes with it.
import * as api from '../api.js';
import { h, fill, field, time } from '../dom.js';
import { pageHeader, notice, showErrors, confirmDialog, errorNotice, clearErrors, submitting } from '../ui.js';
import { go, wsHref, workspacesChanged } from '../app.js';

export async function render(ctx) {
  const { view } = ctx;
  const list = await api.all('/workspaces');
  if (!ctx.current()) return;
  const table = h(
    'table.list#workspaces-table',
    h('caption.sr-only', 'Workspaces'),
    h('thead', h('tr', h('th', 'Name'), h('th', 'Description'), h('th.hide-narrow', 'Created'), h('th', h('span.sr-only', 'Actions')))),
    h('tbody', list.map((w) => row(ctx, w))),
  );
  fill(
    view,
    pageHeader('Workspaces'),
    h('p.lead', 'A workspace is a tenant: its providers, policies and decisions are its own. Apps check against one by name.'),
    h('div.table-wrap', table),
    createForm(ctx),
  );
  const done = sessionStorage.getItem('gatehouse.console.deleted');
  sessionStorage.removeItem('gatehouse.console.deleted');
  if (done) notice(view, 'success', `Workspace ${done} was deleted.`);
}

function row(ctx, w) {
  const tr = h(
    'tr',
    { dataset: { name: w.name } },
    h('td', h('a', { href: wsHref(w.name, 'providers') }, w.name)),
    h('td', w.description || ''),
    h('td.hide-narrow', time(w.createdAt)),
    h(
      'td.row-actions',
      h('button', { type: 'button', onclick: () => edit(ctx, tr, w), 'aria-label': `Edit ${w.name}` }, 'Edit'),
      w.name === 'default'
        ? null
        : h('button.danger', { type: 'button', onclick: () => remove(ctx, w), 'aria-label': `Delete ${w.name}` }, 'Delete'),
    ),
  );
  return tr;
}

function edit(ctx, tr, w) {
  const name = h('input', { value: w.name, 'data-pointer': '/name', disabled: w.name === 'default', spellcheck: 'false' });
  const description = h('input', { value: w.description || '', 'data-pointer': '/description' });
  const form = h(
    'form.inline-edit',
    {
      onsubmit: (ev) => {
        ev.preventDefault();
        submitting(form, async () => {
          try {
            await api.admin('PUT', `/workspaces/${api.seg(w.name)}`, { name: name.value, description: description.value || null, version: w.version });
            workspacesChanged();
            if (localStorage.getItem('gatehouse.console.workspace') === w.name) localStorage.setItem('gatehouse.console.workspace', name.value);
            ctx.go('#/workspaces');
          } catch (e) {
            showErrors(form, e);
          }
        });
      },
    },
    field('Name', name),
    field('Description', description),
    h('div.actions', h('button.primary', { type: 'submit' }, 'Save'), h('button', { type: 'button', onclick: () => ctx.go('#/workspaces') }, 'Cancel')),
  );
  fill(tr, h('td', { colspan: '4' }, form));
  (w.name === 'default' ? description : name).focus();
}

async function remove(ctx, w) {
  let counts;
  let empty = false;
  try {
    const [p, q] = await Promise.all([api.all(`/workspaces/${api.seg(w.name)}/providers`), api.all(`/workspaces/${api.seg(w.name)}/policies`)]);
    const stored = p.filter((x) => !x.readOnly).length;
    empty = stored === 0 && q.length === 0;
    counts = `${stored} provider(s) and ${q.length} policy(ies)`;
  } catch (e) {
    errorNotice(ctx.view, e); // nothing is deleted without saying what goes with it
    return;
  }
  const ok = await confirmDialog({
    title: `Delete workspace ${w.name}?`,
    body: [
      h('p', 'This deletes the workspace ', h('strong', w.name), ` with ${counts}. Apps checking against it get 404 from then on. Its decision records stay until the retention purge, but no page shows them any more.`),
      h('p', 'This cannot be undone.'),
    ],
    confirmLabel: 'Delete workspace',
    typeToConfirm: w.name,
  });
  if (!ok) return;
  try {
    // Cascade only over what the dialog named: one counted empty that has since been filled is
    // refused (409), not emptied unseen.
    await api.admin('DELETE', `/workspaces/${api.seg(w.name)}?cascade=${!empty}`);
    workspacesChanged();
    if (localStorage.getItem('gatehouse.console.workspace') === w.name) localStorage.removeItem('gatehouse.console.workspace');
    sessionStorage.setItem('gatehouse.console.deleted', w.name);
    ctx.go('#/workspaces');
  } catch (e) {
    errorNotice(ctx.view, e);
  }
}

function createForm(ctx) {
  const name = h('input#ws-name', { 'data-pointer': '/name', required: true, pattern: '[a-z0-9-]{1,63}', spellcheck: 'false', placeholder: 'acme' });
  const description = h('input#ws-description', { 'data-pointer': '/description', placeholder: 'Acme Corp' });
  const form = h(
    'form.card#workspace-create',
    {
      onsubmit: (ev) => {
        ev.preventDefault();
        submitting(form, async () => {
          clearErrors(form);
          try {
            await api.admin('POST', '/workspaces', { name: name.value, description: description.value || null });
            workspacesChanged();
            go(wsHref(name.value, 'providers'));
          } catch (e) {
            showErrors(form, e);
          }
        });
      },
      novalidate: true,
    },
    h('h2', 'New workspace'),
    field('Name', name, 'Lower-case letters, digits and -, up to 63 characters. It is part of the check URL.'),
    field('Description', description),
    h('div.actions', h('button.primary', { type: 'submit' }, 'Create workspace')),
  );
  return form;
}
