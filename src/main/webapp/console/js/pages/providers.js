// Providers: the identity providers whose tokens a workspace trusts. "Add provider" starts from a
// preset (Clerk first), the claim-mapping editor names the attribute policies will read, and each
// provider shows its key cache with a refresh (docs/api.md#providers, #a-providers-keys).
import * as api from '../api.js';
import { h, fill, field, timeFromNow, show } from '../dom.js';
import { pageHeader, notice, warnings, showErrors, clearErrors, confirmDialog, errorNotice, badge, submitting } from '../ui.js';
import { wsHref } from '../app.js';
import { historyPanel, takeRolledBack } from '../history.js';

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const PRESETS = {
  clerk: {
    label: 'Clerk',
    issuer: 'https://clerk.your-domain.com',
    issuerHint: 'Your Clerk Frontend API URL (Clerk Dashboard → API keys): https://clerk.your-domain.com in production, https://<name>.clerk.accounts.dev in development. Exactly the iss of your tokens: no trailing /.',
    jwksHint: 'Leave empty: Clerk serves keys at {issuer}/.well-known/jwks.json.',
    audienceHint: "Clerk session tokens carry no 'aud': leave empty for them (JWT-template tokens may name one).",
    partiesHint: "Your app's origins, e.g. https://app.your-domain.com: Clerk's recommendation, checked against 'azp'.",
    mappings: [{ jwtPath: 'metadata.plan', attribute: 'plan', required: false, defaultValue: 'free' }],
  },
  auth0: {
    label: 'Auth0',
    issuer: 'https://your-tenant.auth0.com/',
    issuerHint: 'https://YOUR_TENANT.auth0.com/ — with the trailing / Auth0 puts in its tokens.',
    jwksHint: 'Leave empty: found by OIDC discovery.',
    audienceHint: 'Your API identifier (the audience your app asks Auth0 for).',
    partiesHint: 'Optional: client ids allowed in azp.',
    mappings: [],
  },
  okta: {
    label: 'Okta',
    issuer: 'https://your-org.okta.com/oauth2/default',
    issuerHint: 'Your authorization server, e.g. https://YOUR_ORG.okta.com/oauth2/default.',
    jwksHint: 'Leave empty: found by OIDC discovery.',
    audienceHint: 'api://default, or your authorization server’s audience.',
    partiesHint: 'Optional: client ids allowed in azp.',
    mappings: [],
  },
  oidc: {
    label: 'Any OIDC provider',
    issuer: 'https://login.example.com',
    issuerHint: "Exactly the 'iss' its tokens carry.",
    jwksHint: 'Leave empty to use OIDC discovery ({issuer}/.well-known/openid-configuration).',
    audienceHint: 'Optional: audiences a token must name.',
    partiesHint: 'Optional: allowed azp values.',
    mappings: [],
  },
};

export async function render(ctx) {
  const [id] = ctx.rest;
  if (!id) return list(ctx);
  if (id === 'new') return edit(ctx, null);
  const { json } = await api.admin('GET', `/workspaces/${api.seg(ctx.ws)}/providers/${api.seg(id)}`);
  if (!ctx.current()) return;
  return edit(ctx, json.data);
}

async function list(ctx) {
  const { view, ws } = ctx;
  const providers = await api.all(`/workspaces/${api.seg(ws)}/providers`);
  if (!ctx.current()) return;
  const rows = providers.map((p) => {
    const state = h('td', badge('…'));
    api
      .get(`/workspaces/${api.seg(ws)}/providers/${api.seg(p.id)}/keys`)
      .then((k) => fill(state, keyBadge(k.data.state)))
      .catch(() => fill(state, badge('unknown')));
    return h(
      'tr',
      h('td', h('a', { href: wsHref(ws, 'providers', p.id) }, p.name), p.readOnly ? [' ', badge('from configuration', 'neutral')] : null),
      h('td', presetLabel(p.providerType)),
      h('td.break', p.issuer),
      state,
    );
  });
  fill(
    view,
    pageHeader(`Providers in ${ws}`, h('a.button.primary#add-provider', { href: wsHref(ws, 'providers', 'new') }, 'Add provider')),
    h('p.lead', 'Tokens are verified against the provider whose issuer equals their iss, exactly.'),
    providers.length === 0
      ? h('div.empty', h('p', 'No provider yet: no token can be verified in this workspace.'), h('p', h('a', { href: wsHref(ws, 'providers', 'new') }, 'Add your Clerk, Auth0, Okta or OIDC provider'), '.'))
      : h('div.table-wrap', h('table.list#providers-table', h('caption.sr-only', 'Providers'), h('thead', h('tr', h('th', 'Name'), h('th', 'Type'), h('th', 'Issuer'), h('th', 'Keys'))), h('tbody', rows))),
  );
}

function presetLabel(type) {
  return (PRESETS[type] || { label: type }).label;
}

function keyBadge(state) {
  const kind = { fresh: 'allow', stale: 'warning', failing: 'deny', not_fetched: 'neutral' }[state] || 'neutral';
  return badge(state === 'not_fetched' ? 'not fetched' : state, kind);
}

/** The form for a new provider (p null) or an existing one; read-only for configured ones. */
function edit(ctx, p) {
  const { view, ws } = ctx;
  const readOnly = Boolean(p && p.readOnly);
  const model = p
    ? api.clone(p)
    : { name: '', providerType: 'clerk', issuer: '', jwksUri: null, allowedAudiences: [], authorizedParties: [], clockSkewSeconds: 5, allowedAlgorithms: ['RS256'], claimMappings: api.clone(PRESETS.clerk.mappings) };

  const type = h('select#provider-type', { 'data-pointer': '/providerType', disabled: readOnly }, Object.entries(PRESETS).map(([k, v]) => h('option', { value: k, selected: model.providerType === k }, v.label)));
  // A type the presets do not know (a configured provider's) is shown as it is, not as Clerk.
  if (!(model.providerType in PRESETS)) type.prepend(h('option', { value: model.providerType, selected: true }, String(model.providerType)));
  const name = h('input#provider-name', { value: model.name, 'data-pointer': '/name', required: true, disabled: readOnly, placeholder: 'My Clerk Provider' });
  const issuer = h('input#provider-issuer', { value: model.issuer, 'data-pointer': '/issuer', required: true, disabled: readOnly, spellcheck: 'false', type: 'url' });
  const jwksUri = h('input#provider-jwks', { value: model.jwksUri || '', 'data-pointer': '/jwksUri', disabled: readOnly, spellcheck: 'false', type: 'url' });
  const audiences = h('textarea#provider-audiences', { rows: '2', 'data-pointer': '/allowedAudiences', disabled: readOnly, spellcheck: 'false' }, model.allowedAudiences.join('\n'));
  const parties = h('textarea#provider-parties', { rows: '2', 'data-pointer': '/authorizedParties', disabled: readOnly, spellcheck: 'false' }, model.authorizedParties.join('\n'));
  // Text, not type=number: a number field gives '' for what it cannot read, which would be sent
  // as null (the default, 5 s) instead of being refused.
  const skew = h('input#provider-skew', { inputmode: 'numeric', value: String(model.clockSkewSeconds), 'data-pointer': '/clockSkewSeconds', disabled: readOnly, spellcheck: 'false' });
  const algs = h(
    'fieldset.checks',
    { 'data-pointer': '/allowedAlgorithms' },
    h('legend', 'Allowed algorithms'),
    ALGORITHMS.map((a) => h('label.check', h('input', { type: 'checkbox', value: a, checked: model.allowedAlgorithms.includes(a), disabled: readOnly }), a)),
  );
  const hints = { issuer: h('p.hint'), jwks: h('p.hint'), aud: h('p.hint'), azp: h('p.hint') };
  const applyPreset = (fresh) => {
    // The hints say how to fill the form in: nothing to fill in on a read-only provider.
    const pr = PRESETS[type.value];
    if (!pr || readOnly) return;
    issuer.placeholder = pr.issuer;
    fill(hints.issuer, pr.issuerHint);
    fill(hints.jwks, pr.jwksHint);
    fill(hints.aud, pr.audienceHint);
    fill(hints.azp, pr.partiesHint);
    if (fresh && mappings.rows().length === 0) for (const m of pr.mappings) mappings.add(m);
  };
  type.addEventListener('change', () => applyPreset(!p));
  const mappings = mappingEditor(model.claimMappings, readOnly);

  const read = () => ({
    name: name.value,
    providerType: type.value,
    issuer: issuer.value,
    jwksUri: jwksUri.value.trim() === '' ? null : jwksUri.value.trim(),
    allowedAudiences: lines(audiences.value),
    authorizedParties: lines(parties.value),
    clockSkewSeconds: skew.value.trim() === '' ? null : /^\d+$/.test(skew.value.trim()) ? Number(skew.value.trim()) : skew.value,
    allowedAlgorithms: [...algs.querySelectorAll('input:checked')].map((c) => c.value),
    claimMappings: mappings.read(),
    ...(p ? { version: p.version } : {}),
  });

  const form = h(
    'form.editor#provider-form',
    {
      novalidate: true,
      onsubmit: (ev) => {
        ev.preventDefault();
        submitting(form, async () => {
          clearErrors(form);
          try {
            const path = `/workspaces/${api.seg(ws)}/providers${p ? '/' + api.seg(p.id) : ''}`;
            const { json } = await api.admin(p ? 'PUT' : 'POST', path, read());
            sessionStorage.setItem('gatehouse.console.warnings', JSON.stringify(json.warnings || []));
            ctx.go(wsHref(ws, 'providers', json.data.id));
          } catch (e) {
            showErrors(form, e);
          }
        });
      },
    },
    h('div.grid2', field('Type', type), field('Name', name)),
    h('div.field', h('label', { for: 'provider-issuer' }, 'Issuer'), issuer, hints.issuer),
    h('div.field', h('label', { for: 'provider-jwks' }, 'JWKS URL (optional)'), jwksUri, hints.jwks),
    h('div.grid2', h('div.field', h('label', { for: 'provider-audiences' }, 'Allowed audiences (one per line)'), audiences, hints.aud), h('div.field', h('label', { for: 'provider-parties' }, 'Authorized parties (one per line)'), parties, hints.azp)),
    h('div.grid2', field('Clock skew (seconds, 0–300)', skew), algs),
    mappings.el,
    readOnly ? null : h('div.actions', h('button.primary#provider-save', { type: 'submit' }, p ? 'Save provider' : 'Add provider'), p ? h('button.danger', { type: 'button', onclick: () => remove(ctx, p) }, 'Delete') : null),
  );
  hints.issuer.id = 'hint-issuer';
  issuer.setAttribute('aria-describedby', 'hint-issuer');
  applyPreset(false);

  fill(
    view,
    pageHeader(p ? p.name : 'Add provider'),
    h('p.crumbs', h('a', { href: wsHref(ws, 'providers') }, `← Providers in ${ws}`)),
    readOnly ? h('div.notice.info', { role: 'status' }, 'This provider comes from configuration (', h('code', p.configKey), '): it is read-only here. Change those keys and restart to change it.') : null,
    form,
    p ? keysPanel(ctx, p) : null,
    // Providers from configuration have no versions (docs/api.md#versions-and-rollback).
    p && !readOnly ? historyPanel(ctx, 'providers', p, `provider ${p.name}`, () => ctx.go(wsHref(ws, 'providers', p.id))) : null,
  );
  const w = sessionStorage.getItem('gatehouse.console.warnings');
  sessionStorage.removeItem('gatehouse.console.warnings');
  const rolledBack = takeRolledBack();
  if (w && p) {
    notice(view, 'success', rolledBack || 'Provider saved.');
    warnings(view, JSON.parse(w));
  }
  if (!p) type.focus();
}

/** Rows of (JWT path, attribute, required, default value), each pointer-addressed. */
function mappingEditor(initial, readOnly) {
  const tbody = h('tbody');
  const renumber = () => {
    [...tbody.children].forEach((tr, i) => {
      tr.dataset.pointer = `/claimMappings/${i}`;
      for (const [k, el] of Object.entries(tr._inputs)) el.dataset.pointer = `/claimMappings/${i}/${k}`;
    });
  };
  const add = (m = { jwtPath: '', attribute: '', required: false }) => {
    const inputs = {
      jwtPath: h('input', { value: m.jwtPath, 'aria-label': 'JWT path', placeholder: 'metadata.plan', spellcheck: 'false', disabled: readOnly }),
      attribute: h('input', { value: m.attribute, 'aria-label': 'Attribute (becomes ext_…)', placeholder: 'plan', spellcheck: 'false', disabled: readOnly }),
      required: h('input', { type: 'checkbox', checked: m.required, 'aria-label': 'Required', disabled: readOnly }),
      defaultValue: h('input', { value: defaultText(m.defaultValue), 'aria-label': 'Default value', placeholder: 'none', spellcheck: 'false', disabled: readOnly }),
    };
    inputs.defaultValue.dataset.initial = inputs.defaultValue.value;
    inputs.defaultValue._original = m.defaultValue;
    const tr = h(
      'tr',
      h('td', { 'data-label': 'JWT path' }, inputs.jwtPath),
      h('td', { 'data-label': 'Attribute' }, h('span.prefix', 'ext_'), inputs.attribute),
      h('td.center', { 'data-label': 'Required' }, inputs.required),
      h('td', { 'data-label': 'Default' }, inputs.defaultValue),
      h('td', readOnly ? null : h('button.icon', { type: 'button', 'aria-label': 'Remove this mapping', onclick: () => { tr.remove(); renumber(); } }, '✕')),
    );
    tr._inputs = inputs;
    tbody.append(tr);
    renumber();
    return tr;
  };
  for (const m of initial || []) add(m);
  const el = h(
    'fieldset.mappings',
    { 'data-pointer': '/claimMappings' },
    h('legend', 'Claim mappings'),
    h('p.hint', 'Each mapping reads a claim (a dot path) and gives policies the attribute ext_<attribute>. A default value is used when the claim is absent or null; numbers, true/false and JSON are read as JSON.'),
    h('div.table-wrap', h('table.grid-table.stack', h('thead', h('tr', h('th', 'JWT path'), h('th', 'Attribute'), h('th', 'Required'), h('th', 'Default'), h('th', h('span.sr-only', 'Remove')))), tbody)),
    readOnly ? null : h('button#add-mapping', { type: 'button', onclick: () => add().querySelector('input').focus() }, '+ Add mapping'),
  );
  return {
    el,
    add,
    rows: () => [...tbody.children],
    read: () =>
      [...tbody.children].map((tr) => {
        const i = tr._inputs;
        const m = { jwtPath: i.jwtPath.value.trim(), attribute: i.attribute.value.trim(), required: i.required.checked };
        const d = i.defaultValue.value;
        if (d !== '' && d === i.defaultValue.dataset.initial) m.defaultValue = i.defaultValue._original; // untouched: as stored
        else if (d !== '') m.defaultValue = parseLoose(d);
        return m;
      }),
  };
}

/**
 * A default value as text: a string as it is, unless parseLoose would read it back as something
 * else ("42", "true", "[1]"), then quoted JSON; other values as JSON.
 */
function defaultText(v) {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') return JSON.stringify(v);
  return parseLoose(v) === v ? v : JSON.stringify(v);
}

/** One item per line (an audience or an origin may hold a comma), trimmed, empty lines dropped. */
function lines(text) {
  return text.split('\n').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** A default value as typed: JSON when it parses as a number, boolean, array or object; else the text. */
function parseLoose(text) {
  const t = text.trim();
  if (/^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|\[.*\]|\{.*\}|".*")$/s.test(t)) {
    try {
      return JSON.parse(t);
    } catch (e) {
      return text;
    }
  }
  return text;
}

async function remove(ctx, p) {
  const ok = await confirmDialog({
    title: `Delete provider ${p.name}?`,
    body: h('p', 'Tokens from ', h('code', p.issuer), ` stop being accepted in workspace ${ctx.ws} at once (unknown_issuer).`),
    confirmLabel: 'Delete provider',
  });
  if (!ok) return;
  try {
    await api.admin('DELETE', `/workspaces/${api.seg(ctx.ws)}/providers/${api.seg(p.id)}`);
    ctx.go(wsHref(ctx.ws, 'providers'));
  } catch (e) {
    errorNotice(ctx.view, e);
  }
}

/** The provider's key cache: state, URL, keys, times, last error; "Refresh keys" fetches now. */
function keysPanel(ctx, p) {
  const body = h('div', h('p.loading', 'Loading keys…'));
  const path = `/workspaces/${api.seg(ctx.ws)}/providers/${api.seg(p.id)}/keys`;
  const refresh = h('button#refresh-keys', { type: 'button' }, 'Refresh keys');
  const panel = h('section.card#keys-panel', { 'aria-labelledby': 'keys-title' }, h('div.page-head', h('h2#keys-title', 'Signing keys'), refresh), body);
  const showKeys = (k) =>
    fill(
      body,
      h(
        'dl.facts',
        h('dt', 'State'), h('dd#key-state', keyBadge(k.state)),
        h('dt', k.discovery ? 'JWKS URL (found by discovery)' : 'JWKS URL'), h('dd.break', k.jwksUri || '—'),
        h('dt', 'Fetched'), h('dd', timeFromNow(k.fetchedAt)),
        h('dt', 'Next refresh'), h('dd', timeFromNow(k.nextRefresh)),
        h('dt', 'Last attempt'), h('dd', timeFromNow(k.lastAttemptAt)),
        k.lastError ? [h('dt', 'Last error'), h('dd.error-text', k.lastError)] : null,
      ),
      k.keys.length === 0
        ? h('p', 'No keys fetched yet.')
        : h('div.table-wrap', h('table.list#keys-table', h('thead', h('tr', h('th', 'kid'), h('th', 'Type'), h('th', 'alg'), h('th', 'use'), h('th', 'Size / curve'))), h('tbody', k.keys.map((key) => h('tr', h('td.break', h('code', show(key.kid))), h('td', key.kty), h('td', show(key.alg)), h('td', show(key.use)), h('td', key.bits ? `${key.bits} bits` : show(key.crv))))))),
    );
  api.get(path).then((k) => showKeys(k.data), (e) => errorNotice(panel, e));
  refresh.addEventListener('click', async () => {
    refresh.disabled = true;
    try {
      const { json } = await api.admin('POST', path, {});
      showKeys(json.data);
      notice(panel, json.data.state === 'fresh' ? 'success' : 'error', json.data.state === 'fresh' ? 'Keys fetched.' : `The fetch failed: ${json.data.lastError || json.data.state}`);
    } catch (e) {
      errorNotice(panel, e);
    } finally {
      refresh.disabled = false;
    }
  });
  return panel;
}
