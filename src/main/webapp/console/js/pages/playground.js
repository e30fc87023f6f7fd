// The token playground: paste a token, see whether it is trusted (or the exact reason it is
// not), its header and claims, the provider its issuer chose, and the attributes policies get
// (docs/api.md#inspect-a-token). Nothing is recorded.
import * as api from '../api.js';
import { h, fill, field, jsonBlock, show } from '../dom.js';
import { pageHeader, showErrors, clearErrors, badge, submitting } from '../ui.js';
import { wsHref } from '../app.js';

export async function render(ctx) {
  const { view, ws } = ctx;
  const token = h('textarea#playground-token.code', { rows: '5', spellcheck: 'false', autocomplete: 'off', 'data-pointer': '/token', placeholder: 'eyJhbGciOiJSUzI1NiIs…', autofocus: true });
  const out = h('div#playground-result', { 'aria-live': 'polite' });
  const form = h(
    'form.card#playground-form',
    {
      onsubmit: (ev) => {
        ev.preventDefault();
        submitting(form, async () => {
          clearErrors(form);
          try {
            const { json } = await api.admin('POST', `/workspaces/${api.seg(ws)}/tokens/inspect`, { token: token.value.trim() });
            fill(out, inspection(ws, json.data));
          } catch (e) {
            fill(out);
            showErrors(form, e);
          }
        });
      },
    },
    field('Token (a JWT from your app, e.g. Clerk’s getToken())', token, 'Verified in full, as a check would: signature, issuer, keys, times, audience, authorized party, required claims. Nothing is recorded.'),
    h('div.actions', h('button.primary#inspect', { type: 'submit' }, 'Inspect token')),
  );
  fill(view, pageHeader('Token playground'), form, out);
}

export function inspection(ws, d) {
  const attrs = Object.entries(d.attributes || {});
  return h(
    'div.result',
    h(
      'div.verdict',
      { class: d.valid ? 'ok' : 'bad' },
      d.valid ? badge('valid', 'allow') : badge(d.code, 'deny'),
      h('span#verdict-text', d.valid ? 'The token is trusted.' : d.detail),
    ),
    h(
      'dl.facts',
      h('dt', 'Provider'),
      h('dd#playground-provider', d.provider ? [h('a', { href: wsHref(ws, 'providers', d.provider.id) }, d.provider.name), ' ', h('span.muted.break', d.provider.issuer)] : 'none (no provider has this issuer, or the token could not be read)'),
    ),
    attrs.length
      ? h(
          'section',
          h('h2', 'Attributes policies see'),
          h('div.table-wrap', h('table.list#attributes-table', h('thead', h('tr', h('th', 'Attribute'), h('th', 'Value'))), h('tbody', attrs.map(([k, v]) => h('tr', { class: k.startsWith('ext_') ? 'ext' : null }, h('td', h('code', k)), h('td.break', show(v))))))),
        )
      : null,
    h('div.grid2', h('section', h('h2', 'Header'), jsonBlock(d.header)), h('section', h('h2', 'Claims'), jsonBlock(d.claims))),
  );
}
