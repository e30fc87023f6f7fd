// Policy tests: the workspace's stored test cases (what its policies must decide), a form per
// case with errors at the field their JSON pointer names, and "Run all" with each failing case's
// trace drawn as the check tester draws it (docs/api.md#policy-tests). Nothing is recorded.
import * as api from '../api.js';
import { h, fill, field } from '../dom.js';
import { pageHeader, notice, showErrors, clearErrors, confirmDialog, errorNotice, badge, decisionBadge, submitting } from '../ui.js';
import { wsHref } from '../app.js';
import { policyNode } from './tester.js';

const REASONS = ['rule_matched', 'default_effect', 'no_applicable_policy', 'policy_unavailable'];

export async function render(ctx) {
  const [id] = ctx.rest;
  if (!id) return list(ctx);
  const providers = await api.all(`/workspaces/${api.seg(ctx.ws)}/providers`);
  if (!ctx.current()) return;
  if (id === 'new') return edit(ctx, null, providers);
  const { json } = await api.admin('GET', `/workspaces/${api.seg(ctx.ws)}/policy-tests/${api.seg(id)}`);
  if (!ctx.current()) return;
  return edit(ctx, json.data, providers);
}

/** What a case expects, in words: "Allow · policy order_approval · rule managers". */
function expectation(e) {
  if (!e) return '—';
  return [
    decisionBadge(e.decision === 'Allow'),
    e.policy ? [' policy ', h('code', e.policy)] : null,
    e.ruleId ? [' rule ', h('code', e.ruleId)] : null,
    e.reason ? [' ', h('span.muted', e.reason)] : null,
  ];
}

async function list(ctx) {
  const { view, ws } = ctx;
  const cases = await api.all(`/workspaces/${api.seg(ws)}/policy-tests`);
  if (!ctx.current()) return;
  const results = h('div#test-results', { 'aria-live': 'polite' });
  const run = h('button.primary#run-all', { type: 'button', disabled: cases.length === 0 }, 'Run all');
  run.addEventListener('click', async () => {
    if (run.getAttribute('aria-busy') === 'true') return;
    run.setAttribute('aria-busy', 'true');
    fill(results, h('p.loading', { role: 'status' }, 'Running…'));
    try {
      const { json } = await api.admin('POST', `/workspaces/${api.seg(ws)}/policies/test`, {});
      fill(results, testResults(ws, json.data, 'against the saved policies'));
      results.querySelector('.verdict').focus();
    } catch (e) {
      fill(results);
      errorNotice(view, e);
    } finally {
      run.removeAttribute('aria-busy');
    }
  });
  fill(
    view,
    pageHeader(`Policy tests in ${ws}`, h('a.button#new-test', { href: wsHref(ws, 'tests', 'new') }, 'New test case'), run),
    h('p.lead', 'Each case says what the policies must decide for an input. Run them against the saved policies here, or against a draft from the policy editor. Nothing is recorded in the decision log.'),
    cases.length === 0
      ? h('div.empty', h('p', 'No test case yet. '), h('p', h('a', { href: wsHref(ws, 'tests', 'new') }, 'Write the first one'), ': an input and the decision it must get.'))
      : h(
          'div.table-wrap',
          h(
            'table.list#tests-table',
            h('caption.sr-only', 'Test cases'),
            h('thead', h('tr', h('th', 'Name'), h('th', 'Resource'), h('th', 'Action'), h('th', 'Expected'))),
            h(
              'tbody',
              cases.map((c) =>
                h(
                  'tr',
                  { 'data-id': c.id },
                  h('td', h('a', { href: wsHref(ws, 'tests', c.id) }, c.name)),
                  h('td', h('code', c.resource)),
                  h('td', h('code', c.action)),
                  h('td', expectation(c.expect)),
                ),
              ),
            ),
          ),
        ),
    results,
  );
  const saved = sessionStorage.getItem('gatehouse.console.testSaved');
  sessionStorage.removeItem('gatehouse.console.testSaved');
  if (saved) notice(view, 'success', saved);
}

/**
 * A run's answer (`{passed, failed, results}`) as a verdict line (`summary`, or "n passed, m
 * failed" and `against`) and one item per case: ✓ or ✗, what it expected and what it got; a
 * failing case with its trace or the error that stopped it.
 */
export function testResults(ws, data, against, summary) {
  const failedFirst = [...data.results].sort((a, b) => Number(a.passed) - Number(b.passed));
  return h(
    'div.result.test-run',
    h(
      'div.verdict',
      { class: data.failed === 0 ? 'ok' : 'bad', tabindex: '-1' },
      badge(data.failed === 0 ? 'Pass' : 'Fail', data.failed === 0 ? 'allow' : 'deny'),
      h('span#test-summary', summary || `${data.passed} passed, ${data.failed} failed${against ? ' ' + against : ''}.`),
    ),
    data.results.length === 0 ? h('p.muted', 'There are no test cases to run.') : null,
    h('ul.test-results', failedFirst.map((r) => resultItem(ws, r))),
  );
}

function resultItem(ws, r) {
  const d = r.decision;
  const name = r.case && r.case.id ? h('a', { href: wsHref(ws, 'tests', r.case.id) }, r.case.name) : h('span', (r.case && r.case.name) || 'a case');
  return h(
    'li.test-result',
    { class: r.passed ? 'pass' : 'fail', 'data-case': (r.case && r.case.name) || '' },
    h(
      'div.node-head',
      h('span.mark', { 'aria-label': r.passed ? 'passed' : 'failed' }, r.passed ? '✓' : '✗'),
      h('strong', name),
      r.expected ? h('span.muted', ' expected ') : null,
      r.expected ? expectation(r.expected) : null,
      d ? [h('span.muted', ' · got '), decisionBadge(d.allowed), h('span.muted', ` ${d.reason}${d.policy ? ' in ' + d.policy : ''}${d.ruleId ? ' (' + d.ruleId + ')' : ''}`)] : null,
    ),
    r.error ? h('p.error-text', 'Not decided: ', r.error) : null,
    !r.passed && r.trace
      ? h('div.trace', h('p.hint', 'Why:'), r.trace.policies.length === 0 ? h('p.muted', 'No policy applies to this resource and action.') : h('ul.tree', r.trace.policies.map((p) => policyNode(ws, p))))
      : null,
    !r.passed && d && !r.trace ? h('p.muted', 'No trace: only the first 50 failures of a run carry one.') : null,
  );
}

/** The text of a JSON object field, or '' for none. */
function jsonText(v) {
  return v == null ? '' : JSON.stringify(v, null, 2);
}

function edit(ctx, stored, providers) {
  const { view, ws } = ctx;
  const input = (stored && stored.input) || {};
  const expect = (stored && stored.expect) || { decision: 'Allow' };
  const name = h('input#test-name', { value: stored ? stored.name : '', 'data-pointer': '/name', spellcheck: 'false', placeholder: 'a member may not approve a large order' });
  const description = h('input#test-description', { value: (stored && stored.description) || '', 'data-pointer': '/description' });
  const kind = h(
    'select#test-input-kind',
    { 'data-pointer': '/input' },
    h('option', { value: 'claims', selected: !('attributes' in input) }, 'token claims, mapped by a provider'),
    h('option', { value: 'attributes', selected: 'attributes' in input }, 'attributes, as policies read them'),
  );
  const claims = h('textarea#test-claims.code', { rows: '5', spellcheck: 'false', 'data-pointer': '/input/claims', placeholder: '{ "sub": "user_1", "org_role": "member" }' }, 'claims' in input ? jsonText(input.claims) : '');
  const provider = h(
    'select#test-provider',
    { 'data-pointer': '/input/provider' },
    h('option', { value: '' }, providers.length === 1 ? `the workspace's only provider (${providers[0].name})` : "the workspace's only provider"),
    providers.map((p) => h('option', { value: p.id, selected: input.provider === p.id }, p.name)),
  );
  if (input.provider && !providers.some((p) => p.id === input.provider)) provider.append(h('option', { value: input.provider, selected: true }, `${input.provider} (not in this workspace)`));
  const attributes = h('textarea#test-attributes.code', { rows: '5', spellcheck: 'false', 'data-pointer': '/input/attributes', placeholder: '{ "ext_role": "member", "external_subject": "user_1" }' }, 'attributes' in input ? jsonText(input.attributes) : '');
  const claimsBox = h('div.input-claims', h('div.grid2', field('Claims (JSON object)', claims, 'Mapped with the provider’s claim mappings, as a verified token’s would be. Nothing is verified: no token is made.'), field('Provider', provider)));
  const attributesBox = h('div.input-attributes', field('Attributes (JSON object)', attributes, 'ext_*, external_subject, …; resource, action, current_time and day_of_week are added as a check adds them, unless given here.'));
  const syncKind = () => {
    claimsBox.hidden = kind.value !== 'claims';
    attributesBox.hidden = kind.value !== 'attributes';
  };
  kind.addEventListener('change', syncKind);
  syncKind();
  const resource = h('input#test-resource', { value: (stored && stored.resource) || '', 'data-pointer': '/resource', spellcheck: 'false', placeholder: 'orders' });
  const action = h('input#test-action', { value: (stored && stored.action) || '', 'data-pointer': '/action', spellcheck: 'false', placeholder: 'approve' });
  const context = h('textarea#test-context.code', { rows: '3', spellcheck: 'false', 'data-pointer': '/context', placeholder: '{ "orderAmount": 50000 } (optional)' }, stored ? jsonText(stored.context) : '');
  const ip = h('input#test-ip', { value: (stored && stored.ipAddress) || '', 'data-pointer': '/ipAddress', spellcheck: 'false', placeholder: '203.0.113.7 (optional)' });
  const decision = h('select#test-expect-decision', { 'data-pointer': '/expect/decision' }, ['Allow', 'Deny'].map((d) => h('option', { value: d, selected: expect.decision === d }, d)));
  const policy = h('input#test-expect-policy', { value: expect.policy || '', 'data-pointer': '/expect/policy', spellcheck: 'false', placeholder: 'any (optional)' });
  const rule = h('input#test-expect-rule', { value: expect.ruleId || '', 'data-pointer': '/expect/ruleId', spellcheck: 'false', placeholder: 'any (optional)' });
  const reason = h('select#test-expect-reason', { 'data-pointer': '/expect/reason' }, h('option', { value: '' }, 'any'), REASONS.map((r) => h('option', { value: r, selected: expect.reason === r }, r)));

  // A JSON field that does not parse is refused here, at its field, as the API would refuse it.
  const parse = (area, pointer, errors) => {
    if (area.value.trim() === '') return undefined;
    try {
      return JSON.parse(area.value);
    } catch (e) {
      errors.push({ pointer, message: `not JSON: ${e.message}` });
      return undefined;
    }
  };
  const read = () => {
    const errors = [];
    const body = { name: name.value, resource: resource.value, action: action.value };
    if (description.value !== '') body.description = description.value;
    if (kind.value === 'claims') {
      const c = parse(claims, '/input/claims', errors);
      body.input = { claims: c === undefined ? {} : c };
      if (provider.value !== '') body.input.provider = provider.value;
    } else {
      const a = parse(attributes, '/input/attributes', errors);
      body.input = { attributes: a === undefined ? {} : a };
    }
    const c = parse(context, '/context', errors);
    if (c !== undefined) body.context = c;
    if (ip.value.trim() !== '') body.ipAddress = ip.value.trim();
    body.expect = { decision: decision.value };
    if (policy.value.trim() !== '') body.expect.policy = policy.value.trim();
    if (rule.value.trim() !== '') body.expect.ruleId = rule.value.trim();
    if (reason.value !== '') body.expect.reason = reason.value;
    if (stored) body.version = stored.version;
    if (errors.length) throw new api.ApiError(400, { code: 'validation_failed', detail: 'not JSON', errors });
    return body;
  };

  const form = h(
    'form.editor#test-form',
    {
      novalidate: true,
      onsubmit: (ev) => {
        ev.preventDefault();
        submitting(form, async () => {
          clearErrors(form);
          try {
            const body = read();
            const path = `/workspaces/${api.seg(ws)}/policy-tests${stored ? '/' + api.seg(stored.id) : ''}`;
            const { json } = await api.admin(stored ? 'PUT' : 'POST', path, body);
            sessionStorage.setItem('gatehouse.console.testSaved', `Test case ${json.data.name} saved.`);
            ctx.go(wsHref(ws, 'tests'));
          } catch (e) {
            if (e instanceof api.ApiError && e.code === 'conflict' && stored && /version/.test(e.message)) {
              const n = notice(
                form,
                'error',
                h('strong', 'Someone else changed this test case while you edited it. '),
                `Nothing was saved: ${e.message}. `,
                h('button#test-reload', { type: 'button', onclick: () => ctx.go(wsHref(ws, 'tests', stored.id) + '?reload=' + Date.now()) }, 'Load theirs (your edits are lost)'),
              );
              n.querySelector('button').focus();
            } else {
              showErrors(form, e);
            }
          }
        });
      },
    },
    h('div.grid2', field('Name', name, 'Unique in the workspace.'), field('Description', description)),
    h('fieldset', h('legend', 'Who asks'), field('Input', kind), claimsBox, attributesBox),
    h('div.grid2', field('Resource', resource), field('Action', action)),
    h('div.grid2', field('Context (JSON object)', context, 'What your app sends as context: the request_metadata policies read.'), field('IP address', ip, 'The case’s ip_address (optional).')),
    h(
      'fieldset',
      { 'data-pointer': '/expect' },
      h('legend', 'Expected'),
      h('div.grid2', field('Decision', decision), field('Reason', reason)),
      h('div.grid2', field('Policy (name)', policy, 'Compared only when given.'), field('Rule id', rule, 'Compared only when given.')),
    ),
    h(
      'div.actions',
      h('button.primary#test-save', { type: 'submit' }, stored ? 'Save test case' : 'Create test case'),
      stored ? h('button.danger#test-delete', { type: 'button', onclick: () => remove(ctx, stored) }, 'Delete') : null,
    ),
  );
  fill(
    view,
    pageHeader(stored ? stored.name : 'New test case'),
    h('p.crumbs', h('a', { href: wsHref(ws, 'tests') }, `← Policy tests in ${ws}`), stored ? h('span.muted', ` · version ${stored.version}`) : null),
    form,
  );
  if (!stored) name.focus();
}

async function remove(ctx, c) {
  const ok = await confirmDialog({
    title: `Delete test case ${c.name}?`,
    body: h('p', 'Its input and expected decision are deleted; policy writes that require passing tests stop running it.'),
    confirmLabel: 'Delete test case',
  });
  if (!ok) return;
  try {
    await api.admin('DELETE', `/workspaces/${api.seg(ctx.ws)}/policy-tests/${api.seg(c.id)}`);
    sessionStorage.setItem('gatehouse.console.testSaved', `Test case ${c.name} deleted.`);
    ctx.go(wsHref(ctx.ws, 'tests'));
  } catch (e) {
    errorNotice(ctx.view, e);
  }
}
