// The history panel of the policy and provider editors: every version of the item (who, when, by
// which operation), one version's content, the diff between any two, and a rollback that names the
// version it replaces, so a stale one is refused (docs/api.md#versions-and-rollback).
import * as api from './api.js';
import { h, fill, jsonBlock, timeFromNow } from './dom.js';
import { notice, errorNotice, confirmDialog, badge } from './ui.js';

/** Values longer than this are cut in the diff, with a "show all" button. */
const CUT = 120;

const OPERATIONS = { create: 'created', update: 'updated', rollback: 'rolled back', delete: 'deleted', baseline: 'baseline' };

/**
 * The panel for `item` (a policy or provider as GET gives it) of `kind` ('policies' or
 * 'providers'). `label` names the item in words ("policy order_approval"); `reload()` shows the
 * editor again once a rollback wrote a new version. With `guarded()` true the rollback is sent
 * with ?requireTests=pass, and a 422 tests_failed goes to `testsFailed(e)`.
 */
export function historyPanel(ctx, kind, item, label, reload, { guarded = () => false, testsFailed = null } = {}) {
  const base = `/workspaces/${api.seg(ctx.ws)}/${kind}/${api.seg(item.id)}/versions`;
  const list = h('div#history-list', h('p.loading', { role: 'status' }, 'Loading versions…'));
  const detail = h('div#history-detail', { 'aria-live': 'polite' });
  const panel = h(
    'section.card#history-panel',
    { 'aria-labelledby': 'history-title' },
    h('div.page-head', h('h2#history-title', 'History')),
    h('p.hint', 'Every saved version of this ', kind === 'policies' ? 'policy' : 'provider', ', newest first. Open one to see its content, compare any two, or roll back to it.'),
    list,
    detail,
  );
  let versions = [];

  const open = async (n, button) => {
    for (const b of list.querySelectorAll('button[aria-pressed]')) b.setAttribute('aria-pressed', String(b === button));
    fill(detail, h('p.loading', { role: 'status' }, `Loading version ${n}…`));
    let v;
    try {
      v = (await api.admin('GET', `${base}/${n}`)).json.data;
    } catch (e) {
      fill(detail);
      errorNotice(panel, e);
      return;
    }
    const numbers = versions.map((x) => x.version);
    const select = (id, selected, text) =>
      h(`select#${id}`, { 'aria-label': text }, numbers.map((x) => h('option', { value: String(x), selected: x === selected }, `version ${x}${x === item.version ? ' (current)' : ''}`)));
    const from = select('diff-from', v.version, 'Compare from version');
    const to = select('diff-to', item.version, 'Compare to version');
    const changes = h('div#history-diff', { 'aria-live': 'polite' });
    const compare = () => showDiff(base, Number(from.value), Number(to.value), changes, panel);
    from.addEventListener('change', compare);
    to.addEventListener('change', compare);
    const canRollBack = v.version !== item.version && v.operation !== 'delete';
    const rollback = canRollBack ? h('button.danger#rollback', { type: 'button', onclick: () => rollBack(v, rollback) }, `Roll back to version ${v.version}`) : null;
    fill(
      detail,
      h('h3#history-version-title', { tabindex: '-1' }, `Version ${v.version}`, v.version === item.version ? ' (current)' : ''),
      h('p', OPERATIONS[v.operation] || v.operation, ' by ', h('strong', v.changedBy), ', ', timeFromNow(v.changedAt)),
      h(
        'div.diff-pick',
        h('label', { for: 'diff-from' }, 'Changes from'),
        from,
        h('label', { for: 'diff-to' }, 'to'),
        to,
      ),
      changes,
      h('details#history-content', h('summary', `Content of version ${v.version}`), jsonBlock(v.content)),
      rollback ? h('div.actions', rollback) : v.version === item.version ? h('p.muted', 'This is the current version.') : null,
    );
    await compare();
    detail.querySelector('h3').focus();
  };

  const rollBack = async (v, button) => {
    if (button.getAttribute('aria-disabled') === 'true') return; // one under way already
    const guard = guarded();
    const ok = await confirmDialog({
      title: `Roll back to version ${v.version}?`,
      body: [
        guard ? h('p', h('strong', 'Save only if tests pass'), ' is on: the rollback is made only if every stored test case passes with it.') : null,
        h('p', `The ${label} gets the content of version ${v.version} (${OPERATIONS[v.operation] || v.operation} by ${v.changedBy}, ${v.changedAt}) as a new version ${item.version + 1}. Versions in between stay in the history.`),
        kind === 'policies' ? h('p', 'Checks see the rolled-back policy at once.') : h('p', 'Tokens are verified with the rolled-back settings at once.'),
      ],
      confirmLabel: `Roll back to version ${v.version}`,
    });
    if (!ok) return;
    button.setAttribute('aria-disabled', 'true');
    try {
      const { json } = await api.admin('POST', `${base}/${v.version}/rollback${guard ? '?requireTests=pass' : ''}`, { version: item.version });
      sessionStorage.setItem('gatehouse.console.warnings', JSON.stringify(json.warnings || []));
      sessionStorage.setItem('gatehouse.console.rolledBack', JSON.stringify({ from: v.version, to: json.data.version }));
      reload(json.data);
    } catch (e) {
      button.removeAttribute('aria-disabled');
      if (e instanceof api.ApiError && e.code === 'conflict' && /version/.test(e.message)) {
        stale(e);
      } else if (e instanceof api.ApiError && e.code === 'tests_failed' && testsFailed) {
        const n = notice(panel, 'error', h('strong', 'Not rolled back: '), 'with it, stored test cases fail ("Save only if tests pass" is on); they are listed above the history.');
        n.id = 'rollback-tests-failed';
        testsFailed(e);
      } else {
        errorNotice(panel, e);
      }
    }
  };

  // Someone wrote the item after this page read it: say so, and offer the page again.
  const stale = (e) => {
    const n = notice(
      panel,
      'error',
      h('strong', `Someone else changed this ${kind === 'policies' ? 'policy' : 'provider'} since you opened it. `),
      `Nothing was rolled back: you opened version ${item.version}. `,
      h('span.muted', e.message),
      h('div.actions', h('button#history-reload', { type: 'button', onclick: () => reload(null) }, 'Reload to see the current version')),
    );
    n.id = 'rollback-conflict';
    n.querySelector('button').focus();
  };

  api
    .all(base, 2000)
    .then((vs) => {
      versions = vs;
      if (vs.length === 0) {
        fill(list, h('p.muted', 'No versions kept yet.'));
        return;
      }
      fill(
        list,
        h(
          'div.table-wrap',
          h(
            'table.list.stack#history-table',
            h('caption.sr-only', 'Versions, newest first'),
            h('thead', h('tr', h('th', 'Version'), h('th', 'Operation'), h('th', 'By'), h('th', 'When'))),
            h(
              'tbody',
              vs.map((v) => {
                const b = h('button.link', { type: 'button', 'aria-pressed': 'false', 'data-version': String(v.version) }, `Version ${v.version}`);
                b.addEventListener('click', () => open(v.version, b));
                return h(
                  'tr',
                  { 'data-version': String(v.version) },
                  h('td', { 'data-label': 'Version' }, b, v.version === item.version ? [' ', badge('current', 'allow')] : null),
                  h('td', { 'data-label': 'Operation' }, OPERATIONS[v.operation] || v.operation),
                  h('td.break', { 'data-label': 'By' }, v.changedBy),
                  h('td', { 'data-label': 'When' }, timeFromNow(v.changedAt)),
                );
              }),
            ),
          ),
        ),
      );
    })
    .catch((e) => {
      fill(list);
      errorNotice(panel, e);
    });
  return panel;
}

/**
 * What the editor says after a rollback reloaded it ("Rolled back to version 1: …"), once; null
 * when the reload came from anything else.
 */
export function takeRolledBack() {
  const r = sessionStorage.getItem('gatehouse.console.rolledBack');
  sessionStorage.removeItem('gatehouse.console.rolledBack');
  if (!r) return null;
  const { from, to } = JSON.parse(r);
  return `Rolled back to version ${from}: its content is now version ${to}.`;
}

/** The changes from version `from` to `to`, one line each: op, JSON pointer, from → to. */
async function showDiff(base, from, to, where, panel) {
  fill(where, h('p.loading', { role: 'status' }, 'Comparing…'));
  let d;
  try {
    d = (await api.admin('GET', `${base}/${from}/diff?to=${to}`)).json.data;
  } catch (e) {
    fill(where);
    errorNotice(panel, e);
    return;
  }
  if (d.changes.length === 0) {
    fill(where, h('p.muted#diff-none', from === to ? 'The same version: nothing to compare.' : `No changes from version ${from} to version ${to}.`));
    return;
  }
  fill(
    where,
    h('p', `${d.changes.length === 1 ? 'One change' : d.changes.length + ' changes'} from version ${d.from} to version ${d.to}:`),
    h(
      'ul.changes',
      d.changes.map((c) =>
        h(
          'li.change',
          { class: `op-${c.op}` },
          badge(c.op, c.op === 'add' ? 'allow' : c.op === 'remove' ? 'deny' : 'warning'),
          ' ',
          h('code.path', c.path || '/'),
          ' ',
          c.op === 'add' ? null : cut(c.from, 'from'),
          c.op === 'replace' ? h('span.arrow', { 'aria-label': 'becomes' }, ' → ') : null,
          c.op === 'remove' ? null : cut(c.to, 'to'),
        ),
      ),
    ),
  );
}

/** A value as short text; one longer than CUT characters is cut, with a button to show it all. */
function cut(value, kind) {
  // JSON, so that the string "42" and the number 42 read differently.
  const text = value === undefined ? '—' : JSON.stringify(value);
  const code = h(`code.value.${kind}`, text.length > CUT ? text.slice(0, CUT) + '…' : text);
  if (text.length <= CUT) return code;
  const more = h('button.link.show-all', { type: 'button', 'aria-expanded': 'false' }, 'show all');
  more.addEventListener('click', () => {
    const open = more.getAttribute('aria-expanded') === 'true';
    fill(code, open ? text.slice(0, CUT) + '…' : text);
    more.setAttribute('aria-expanded', String(!open));
    fill(more, open ? 'show all' : 'show less');
  });
  return h('span', code, ' ', more);
}
