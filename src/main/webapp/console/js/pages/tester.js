// The check tester: token + resource + action + context → the decision, with the explain trace
// drawn as a tree (policy → rule → condition, with the value each condition saw); a condition
// links to its place in the policy editor (docs/api.md#explain). Nothing is recorded.
import * as api from '../api.js';
import { h, fill, field, jsonBlock, show } from '../dom.js';
import { pageHeader, showErrors, clearErrors, badge, decisionBadge, notice, submitting } from '../ui.js';
import { wsHref } from '../app.js';

export async function render(ctx) {
  const { view, ws, query } = ctx;
  const token = h('textarea#check-token.code', { rows: '4', spellcheck: 'false', autocomplete: 'off', 'data-pointer': '/token', placeholder: 'eyJhbGciOiJSUzI1NiIs…' });
  const resource = h('input#check-resource', { value: query.get('resource') || '', 'data-pointer': '/resource', spellcheck: 'false', placeholder: 'orders' });
  const action = h('input#check-action', { value: query.get('action') || '', 'data-pointer': '/action', spellcheck: 'false', placeholder: 'approve' });
  const context = h('textarea#check-context.code', { rows: '4', spellcheck: 'false', 'data-pointer': '/context', placeholder: '{ "orderAmount": 50000 }' }, query.get('context') || '');
  const ip = h('input#check-ip', { value: query.get('ip') || '', 'data-pointer': '/ipAddress', spellcheck: 'false', placeholder: '203.0.113.7 (optional)' });
  const out = h('div#check-result', { 'aria-live': 'polite' });
  const form = h(
    'form.card#check-form',
    {
      novalidate: true,
      onsubmit: (ev) => {
        ev.preventDefault();
        submitting(form, async () => {
          clearErrors(form);
          const body = { token: token.value.trim(), resource: resource.value, action: action.value };
          if (context.value.trim() !== '') {
            try {
              body.context = JSON.parse(context.value);
            } catch (e) {
              showErrors(form, new api.ApiError(400, { code: 'validation_failed', detail: 'context', errors: [{ pointer: '/context', message: `not JSON: ${e.message}` }] }));
              return;
            }
          }
          if (ip.value.trim() !== '') body.ipAddress = ip.value.trim();
          try {
            const { json } = await api.admin('POST', `/workspaces/${api.seg(ws)}/authorization/explain`, body);
            fill(out, explanation(ws, json.data));
            out.querySelector('.verdict').focus();
          } catch (e) {
            fill(out);
            showErrors(form, e);
          }
        });
      },
    },
    field('Token', token, 'The user’s JWT. Verified in full (never from the token cache).'),
    h('div.grid2', field('Resource', resource), field('Action', action)),
    h('div.grid2', field('Context (JSON object)', context, 'What your app sends as context: the request_metadata policies read.'), field('User’s IP address', ip, 'Without it, ip_address is this browser’s address.')),
    h('div.actions', h('button.primary#run-check', { type: 'submit' }, 'Explain decision')),
  );
  fill(view, pageHeader('Check tester'), h('p.lead', 'Runs a check through explain: the same engine, the whole trace, nothing recorded.'), form, out);
  if (query.get('from')) {
    notice(
      view,
      query.get('partial') ? 'warning' : 'info',
      `Re-running decision ${query.get('from')}: paste a token for its subject${query.get('subject') ? ' (' + query.get('subject') + ')' : ''} — decision records do not keep tokens.`,
      query.get('partial') ? ' The record kept only part of the context (gatehouse.audit.context): fill in what is missing, or the answer may differ.' : null,
    );
  }
  (query.get('resource') ? token : resource).focus();
}

export function explanation(ws, d) {
  const t = d.trace || {};
  const policies = t.policies || [];
  return h(
    'div.result',
    h(
      'div.verdict',
      { class: d.allowed ? 'ok' : 'bad', tabindex: '-1' },
      decisionBadge(d.allowed),
      h(
        'span#decision-text',
        d.code
          ? `The token was refused: ${d.code} — ${d.detail}`
          : d.reason === 'no_applicable_policy'
            ? 'No policy applies to this resource and action.'
            : `${d.reason === 'rule_matched' ? 'Rule ' + d.ruleId + ' matched' : 'No rule matched; the default effect'} in policy ${d.policy}.`,
      ),
    ),
    h(
      'section.trace',
      h('h2', 'Why'),
      policies.length === 0 ? h('p.muted', d.code ? 'No policy was evaluated: the token was refused first.' : 'No policy applies.') : null,
      h('ul.tree#trace-tree', policies.map((p) => policyNode(ws, p))),
    ),
    t.provider ? h('p', 'Provider: ', h('a', { href: wsHref(ws, 'providers', t.provider.id) }, t.provider.name), ' ', h('span.muted.break', t.provider.issuer)) : null,
    (t.mappings || []).length
      ? h(
          'details.mappings-trace',
          h('summary', 'Claim mappings'),
          h('div.table-wrap', h('table.list', h('thead', h('tr', h('th', 'Claim'), h('th', 'Attribute'), h('th', 'Outcome'), h('th', 'Value'))), h('tbody', t.mappings.map((m) => h('tr', h('td', h('code', m.jwtPath)), h('td', h('code', m.attribute)), h('td', m.outcome), h('td.break', show(m.value))))))),
        )
      : null,
    h('details', h('summary', 'Attributes'), jsonBlock(t.attributes)),
    t.token ? h('details', h('summary', 'Token header and claims'), h('div.grid2', jsonBlock(t.token.header), jsonBlock(t.token.claims))) : null,
  );
}

/** One policy of an explain trace as a tree node (also the policy tests' failing cases). */
export function policyNode(ws, p) {
  return h(
    'li.node.t-policy',
    h(
      'div.node-head',
      h('span.node-kind', 'policy'),
      h('a', { href: wsHref(ws, 'policies', p.id) }, p.name),
      ' → ',
      badge(p.effect, p.effect === 'Allow' ? 'allow' : 'deny'),
      h('span.muted', ` ${p.reason}${p.ruleId ? ' (' + p.ruleId + ')' : ''}`),
    ),
    p.error ? h('p.error-text', p.error) : null,
    h(
      'ul',
      (p.rules || []).map((r) =>
        h(
          'li.node.t-rule',
          { class: r.matched ? 'matched' : 'unmatched' },
          h('div.node-head', h('span.node-kind', 'rule'), h('a', { href: wsHref(ws, 'policies', p.id) + '?rule=' + encodeURIComponent(r.ruleId) }, r.ruleId), ' ', badge(r.effect, r.effect === 'Allow' ? 'allow' : 'deny'), ' ', r.matched ? badge('matched', 'allow') : badge('not matched', 'neutral')),
          h(
            'ul',
            r.conditions.length === 0 ? h('li.muted', 'no conditions: always holds') : null,
            r.conditions.map((c, i) =>
              h(
                'li.node.t-condition',
                { class: c.result ? 'holds' : 'fails' },
                h('span.mark', { 'aria-label': c.result ? 'holds' : 'fails' }, c.result ? '✓' : '✗'),
                h('code', c.function),
                ' ',
                h('code', c.attribute + (c.metadataKey ? '.' + c.metadataKey : '')),
                h('span.saw', ' saw ', h('code.actual', show(c.actual)), c.expected !== null ? [' expected ', h('code', show(c.expected))] : null),
                c.note ? h('span.note', ` — ${c.note}`) : null,
                c.result ? null : [' ', h('a.goto', { href: wsHref(ws, 'policies', p.id) + `?rule=${encodeURIComponent(r.ruleId)}&condition=${i}` }, 'open in policy')],
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
