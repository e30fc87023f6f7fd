// Policies: a structured editor (rules → conditions) with a JSON view of the same policy.
// Validation errors are shown at the field their JSON pointer names; a save names the version it
// edited, so a stale edit is refused and kept on screen (docs/api.md#policies,
// #validation-rules, #versions-and-put).
import * as api from '../api.js';
import { h, fill, field, time, listText, readList } from '../dom.js';
import { pageHeader, notice, warnings, showErrors, clearErrors, confirmDialog, errorNotice, badge, findByPointer, submitting } from '../ui.js';
import { wsHref } from '../app.js';
import { pointerMap, locate } from '../json-map.js';
import { historyPanel, takeRolledBack } from '../history.js';
import { testResults } from './tests.js';

export const FUNCTIONS = [
  'string_equal', 'string_not_equal', 'string_one_of', 'string_not_one_of', 'string_starts_with', 'string_ends_with', 'string_contains',
  'integer_equal', 'integer_not_equal', 'integer_greater_than', 'integer_greater_equal', 'integer_less_than', 'integer_less_equal',
  'boolean_equal', 'list_contains', 'attribute_present', 'attribute_absent', 'ip_in_cidr', 'time_between', 'day_of_week_one_of',
];
const LIST_FUNCTIONS = new Set(['string_one_of', 'string_not_one_of', 'ip_in_cidr', 'time_between', 'day_of_week_one_of']);
const NO_OPERAND = new Set(['attribute_present', 'attribute_absent']);
const ATTRIBUTES = ['ext_role', 'ext_plan', 'ext_org_id', 'ext_org_slug', 'ext_org_role', 'external_subject', 'external_issuer', 'is_external_principal', 'request_metadata', 'resource', 'action', 'ip_address', 'current_time', 'day_of_week'];

export async function render(ctx) {
  const [id] = ctx.rest;
  if (!id) return list(ctx);
  if (id === 'new') return edit(ctx, null);
  const { json } = await api.admin('GET', `/workspaces/${api.seg(ctx.ws)}/policies/${api.seg(id)}`);
  if (!ctx.current()) return;
  return edit(ctx, json.data);
}

async function list(ctx) {
  const { view, ws } = ctx;
  const policies = await api.all(`/workspaces/${api.seg(ws)}/policies`);
  if (!ctx.current()) return;
  const chips = (xs) => (xs.length ? xs.map((x) => h('code.chip', x)) : h('span.muted', 'none'));
  fill(
    view,
    pageHeader(`Policies in ${ws}`, h('a.button.primary#new-policy', { href: wsHref(ws, 'policies', 'new') }, 'New policy')),
    h('p.lead', 'A check is allowed when at least one policy for its resource and action allows it and none denies it.'),
    policies.length === 0
      ? h('div.empty', h('p', 'No policy yet: every check in this workspace is denied (no_applicable_policy).'))
      : h(
          'div.table-wrap',
          h(
            'table.list#policies-table',
            h('caption.sr-only', 'Policies'),
            h('thead', h('tr', h('th', 'Name'), h('th', 'Resources'), h('th', 'Actions'), h('th.hide-narrow', 'Rules'), h('th.hide-narrow', 'Updated'))),
            h(
              'tbody',
              policies.map((p) =>
                h(
                  'tr',
                  h('td', h('a', { href: wsHref(ws, 'policies', p.id) }, p.name), p.status === 'broken' ? [' ', badge('broken', 'deny')] : null),
                  h('td', chips(p.resources)),
                  h('td', chips(p.actions)),
                  h('td.hide-narrow', p.specification && Array.isArray(p.specification.rules) ? String(p.specification.rules.length) : '—'),
                  h('td.hide-narrow', time(p.updatedAt)),
                ),
              ),
            ),
          ),
        ),
  );
}

const TEMPLATE = {
  name: '',
  description: null,
  resources: [],
  actions: [],
  specification: {
    rules: [{ rule_id: 'rule-1', effect: 'Allow', conditions: [{ function: 'string_equal', attribute: 'ext_role', value: '' }] }],
    default: { effect: 'Deny' },
  },
};

function edit(ctx, stored) {
  const { view, ws, query } = ctx;
  let version = stored ? stored.version : null;
  let model = api.clone(stored ? pick(stored) : TEMPLATE);
  let mode = 'form';
  // A tablist as the ARIA pattern has it: the selected tab is the one Tab stop, the arrow keys
  // (and Home/End) move between the tabs and select them, each tab names the panel it shows.
  const formHost = h('div.policy-form#panel-form', { role: 'tabpanel', 'aria-labelledby': 'tab-form' });
  const jsonArea = h('textarea#policy-json.code', { rows: '24', spellcheck: 'false', 'aria-label': 'The policy as JSON', 'data-pointer': '' });
  const jsonHost = h('div.policy-json#panel-json', { hidden: true, role: 'tabpanel', 'aria-labelledby': 'tab-json' }, h('p.hint', 'The same policy as the API takes it. Errors are listed above with their JSON pointers.'), jsonArea);
  let formApi = null;

  const current = () => (mode === 'form' ? formApi.read() : JSON.parse(jsonArea.value));
  const tabForm = h('button#tab-form', { type: 'button', role: 'tab', 'aria-selected': 'true', 'aria-controls': 'panel-form', tabindex: '0' }, 'Editor');
  const tabJson = h('button#tab-json', { type: 'button', role: 'tab', 'aria-selected': 'false', 'aria-controls': 'panel-json', tabindex: '-1' }, 'JSON');
  const onTabKey = (ev) => {
    const to = { ArrowLeft: 'form', Home: 'form', ArrowRight: 'json', End: 'json' }[ev.key];
    if (!to) return;
    ev.preventDefault();
    switchTo(to);
    (mode === 'form' ? tabForm : tabJson).focus();
  };
  tabForm.addEventListener('keydown', onTabKey);
  tabJson.addEventListener('keydown', onTabKey);
  const switchTo = (m) => {
    if (m === mode) return;
    if (m === 'json') {
      model = formApi.read();
      jsonArea.value = JSON.stringify(model, null, 2);
    } else {
      try {
        model = JSON.parse(jsonArea.value);
      } catch (e) {
        notice(form, 'error', `The JSON does not parse: ${e.message}. Fix it to go back to the editor.`);
        return;
      }
      if (!model || typeof model !== 'object' || Array.isArray(model)) {
        notice(form, 'error', 'A policy is a JSON object.');
        return;
      }
      formApi = policyForm(model);
      fill(formHost, formApi.el);
    }
    mode = m;
    formHost.hidden = m !== 'form';
    jsonHost.hidden = m !== 'json';
    tabForm.setAttribute('aria-selected', String(m === 'form'));
    tabJson.setAttribute('aria-selected', String(m === 'json'));
    tabForm.tabIndex = m === 'form' ? 0 : -1;
    tabJson.tabIndex = m === 'json' ? 0 : -1;
  };
  tabForm.addEventListener('click', () => switchTo('form'));
  tabJson.addEventListener('click', () => switchTo('json'));

  const save = async (overwrite) => {
    clearErrors(form);
    let body;
    try {
      body = current();
    } catch (e) {
      notice(form, 'error', `The JSON does not parse: ${e.message}`);
      return;
    }
    if (stored) body = { ...body, version };
    try {
      // "Save only if tests pass": the stored cases run in the write's transaction (422 if one fails).
      const guard = requireTests.checked ? '?requireTests=pass' : '';
      const path = `/workspaces/${api.seg(ws)}/policies${stored ? '/' + api.seg(stored.id) : ''}${guard}`;
      const { json } = await api.admin(stored ? 'PUT' : 'POST', path, body);
      sessionStorage.setItem('gatehouse.console.warnings', JSON.stringify(json.warnings || []));
      if (stored && json.data.id === stored.id) {
        ctx.go(wsHref(ws, 'policies', json.data.id) + '?saved=' + json.data.version);
      } else {
        ctx.go(wsHref(ws, 'policies', json.data.id) + '?saved=1');
      }
    } catch (e) {
      if (e.code === 'conflict' && stored && /version/.test(e.message)) {
        conflict(e);
      } else if (e.code === 'tests_failed') {
        const fails = testsFailed(e, 'it was not saved');
        const n = notice(form, 'error', h('strong', 'Not saved: '), `${fails} ("Save only if tests pass"). Your edits are still here; the failing cases are below.`);
        n.id = 'tests-failed';
      } else {
        placeErrors(e);
      }
    }
  };

  // At their fields; in the JSON tab, each error also says its line and selects its value there.
  const placeErrors = (e) => {
    const map = mode === 'json' ? pointerMap(jsonArea.value) : null;
    showErrors(form, e, map ? (pointer) => {
      const at = locate(map, pointer);
      return at && { line: at.line, focus: () => selectInJson(jsonArea, at) };
    } : undefined);
  };

  const conflict = async (e) => {
    let theirs = null;
    try {
      theirs = (await api.admin('GET', `/workspaces/${api.seg(ws)}/policies/${api.seg(stored.id)}`)).json.data;
    } catch (err) {
      errorNotice(form, err);
      return;
    }
    const n = notice(
      form,
      'error',
      h('strong', 'Someone else changed this policy while you edited it. '),
      `You edited version ${version}; the current version is ${theirs.version} (updated `,
      time(theirs.updatedAt),
      '). Your edits are still here, unsaved.',
      h('details', h('summary', 'Show the current version'), h('pre.json', JSON.stringify(pick(theirs), null, 2))),
      h(
        'div.actions',
        h('button.danger#overwrite', { type: 'button', onclick: () => { version = theirs.version; submitting(form, () => save(true)); } }, `Save mine over version ${theirs.version}`),
        h('button#load-theirs', { type: 'button', onclick: () => ctx.go(wsHref(ws, 'policies', stored.id)) }, 'Discard mine, load theirs'),
      ),
    );
    n.id = 'conflict';
    n.querySelector('button').focus();
  };

  // The stored test cases against the saved policies with this draft in place of its saved version
  // (or added, for a new policy): POST policies/test takes the whole draft set.
  const testsOut = h('section#draft-tests', { 'aria-live': 'polite', 'aria-label': 'Test results' });
  // A 422 tests_failed (a guarded save or rollback): its failing cases, each with its trace.
  const testsFailed = (e, outcome) => {
    const failures = (e.problem && Array.isArray(e.problem.failures) && e.problem.failures) || [];
    const fails = `${failures.length} ${failures.length === 1 ? 'test case fails' : 'test cases fail'} with this version`;
    fill(testsOut, testResults(ws, { passed: 0, failed: failures.length, results: failures }, null, `${fails}: ${outcome}.`));
    testsOut.querySelector('.verdict').focus();
    return fails;
  };
  const requireTests = h('input#require-tests', { type: 'checkbox' });
  const runDraft = async () => {
    clearErrors(form);
    let draft;
    try {
      draft = current();
    } catch (e) {
      notice(form, 'error', `The JSON does not parse: ${e.message}`);
      return;
    }
    fill(testsOut, h('p.loading', { role: 'status' }, 'Running the tests…'));
    try {
      const saved = await api.all(`/workspaces/${api.seg(ws)}/policies`);
      const set = saved.filter((p) => !stored || p.id !== stored.id).map((p) => ({ ...pick(p), id: p.id }));
      const index = set.length;
      set.push(stored ? { ...draft, id: stored.id } : draft);
      try {
        const { json } = await api.admin('POST', `/workspaces/${api.seg(ws)}/policies/test`, { policies: set });
        fill(testsOut, testResults(ws, json.data, 'with this draft and the other saved policies'));
        testsOut.querySelector('.verdict').focus();
      } catch (e) {
        fill(testsOut);
        // The draft's errors are at /policies/<index>/…: shown at its fields, as a save's would be.
        if (e instanceof api.ApiError) {
          for (const err of e.errors) {
            const prefix = `/policies/${index}`;
            if (err.pointer === prefix || (err.pointer || '').startsWith(prefix + '/')) err.pointer = err.pointer.slice(prefix.length);
          }
        }
        placeErrors(e);
      }
    } catch (e) {
      fill(testsOut);
      errorNotice(form, e);
    }
  };

  const form = h(
    'form.editor#policy-form',
    { novalidate: true, onsubmit: (ev) => { ev.preventDefault(); submitting(form, () => save(false)); } },
    h('div.tabs', { role: 'tablist', 'aria-label': 'Edit as' }, tabForm, tabJson),
    formHost,
    jsonHost,
    h(
      'div.actions.sticky',
      h('button.primary#policy-save', { type: 'submit' }, stored ? 'Save policy' : 'Create policy'),
      h('label.check#require-tests-label', requireTests, 'Save only if tests pass'),
      h('button#run-draft-tests', { type: 'button', onclick: () => submitting(form, runDraft) }, 'Run tests with this draft'),
      stored ? h('button.danger', { type: 'button', onclick: () => remove(ctx, stored) }, 'Delete') : null,
    ),
  );
  formApi = policyForm(model);
  fill(formHost, formApi.el);

  fill(
    view,
    pageHeader(stored ? stored.name : 'New policy'),
    h('p.crumbs', h('a', { href: wsHref(ws, 'policies') }, `← Policies in ${ws}`), stored ? h('span.muted', ` · version ${stored.version} · updated `, time(stored.updatedAt)) : null),
    stored && stored.status === 'broken' ? h('div.notice.error', { role: 'alert' }, 'This stored policy cannot be compiled, so the checks it covers are denied: ', stored.error || '', '. Save a valid version to fix it.') : null,
    form,
    testsOut,
    stored
      ? historyPanel(ctx, 'policies', stored, `policy ${stored.name}`, (p) => ctx.go(wsHref(ws, 'policies', stored.id) + (p ? '?saved=' + p.version : '?reload=' + Date.now())), {
          guarded: () => requireTests.checked,
          testsFailed: (e) => testsFailed(e, 'it was not rolled back'),
        })
      : null,
  );
  const rolledBack = takeRolledBack();
  if (query.get('saved')) {
    notice(view, 'success', rolledBack || 'Policy saved.');
    const w = sessionStorage.getItem('gatehouse.console.warnings');
    sessionStorage.removeItem('gatehouse.console.warnings');
    if (w) warnings(view, JSON.parse(w));
  }
  // From the check tester: the rule (and condition) that decided, highlighted.
  const rule = query.get('rule');
  if (rule) {
    const rules = model.specification && Array.isArray(model.specification.rules) ? model.specification.rules : [];
    const i = rules.findIndex((r) => r && r.rule_id === rule);
    if (i >= 0) {
      const c = query.get('condition');
      const target = findByPointer(form, `/specification/rules/${i}${c !== null ? '/conditions/' + Number(c) : ''}`);
      if (target) {
        target.classList.add('highlight');
        target.setAttribute('aria-current', 'true');
        setTimeout(() => {
          target.scrollIntoView({ block: 'center' });
          const input = target.querySelector('input');
          if (input) input.focus({ preventScroll: true });
        }, 0);
      }
    }
  } else if (!stored) {
    form.querySelector('#policy-name').focus();
  }
}

/** Selects a value in the JSON tab's text and scrolls it into the middle of the box. */
function selectInJson(area, at) {
  area.focus();
  area.setSelectionRange(at.start, at.end);
  const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 18;
  area.scrollTop = Math.max(0, (at.line - 1) * lineHeight - area.clientHeight / 2);
}

/** What a GET gives that a PUT takes back (output-only members left out). */
function pick(p) {
  return { name: p.name, description: p.description, resources: p.resources, actions: p.actions, specification: p.specification };
}

/** The structured editor over a policy object; read() gives it back, unknown members kept. */
function policyForm(policy) {
  const spec = policy.specification && typeof policy.specification === 'object' ? policy.specification : {};
  const name = h('input#policy-name', { value: policy.name || '', 'data-pointer': '/name', spellcheck: 'false', placeholder: 'order_approval' });
  const description = h('input#policy-description', { value: policy.description || '', 'data-pointer': '/description' });
  const resourcesText = listText(policy.resources || []);
  const actionsText = listText(policy.actions || []);
  const resources = h('input#policy-resources', { value: resourcesText, 'data-pointer': '/resources', spellcheck: 'false', placeholder: 'orders, invoices (or *)' });
  const actions = h('input#policy-actions', { value: actionsText, 'data-pointer': '/actions', spellcheck: 'false', placeholder: 'read, approve (or *)' });
  const defaultEffect = h('select#policy-default', { 'data-pointer': '/specification/default/effect' }, ['Deny', 'Allow'].map((e) => h('option', { value: e, selected: (spec.default && spec.default.effect) === e }, e)));
  const rulesList = h('ol.rules', { 'data-pointer': '/specification/rules' });
  const ruleEditors = [];
  const renumber = () => ruleEditors.forEach((r, i) => r.setIndex(i));
  const addRule = (rule) => {
    const r = ruleEditor(rule, () => {
      ruleEditors.splice(ruleEditors.indexOf(r), 1);
      r.el.remove();
      renumber();
    });
    ruleEditors.push(r);
    rulesList.append(r.el);
    renumber();
    return r;
  };
  for (const rule of Array.isArray(spec.rules) ? spec.rules : []) addRule(rule);

  const el = h(
    'div',
    h('div.grid2', field('Name', name, 'Unique in the workspace.'), field('Description', description)),
    h('div.grid2', field('Resources', resources, 'Comma-separated; * means every resource.'), field('Actions', actions, 'Comma-separated; * means every action.')),
    h('div.field.inline', { 'data-pointer': '/specification/default' }, h('label', { for: 'policy-default' }, 'When no rule matches'), defaultEffect),
    h('div.rules-head', h('h2', 'Rules'), h('p.hint', 'A matching Deny rule wins; else a matching Allow rule allows; else the default. All conditions of a rule must hold.')),
    rulesList,
    h('button#add-rule', { type: 'button', onclick: () => addRule({ rule_id: `rule-${ruleEditors.length + 1}`, effect: 'Allow', conditions: [] }).focus() }, '+ Add rule'),
    h('datalist#functions', FUNCTIONS.map((f) => h('option', { value: f }))),
    h('datalist#attributes', ATTRIBUTES.map((a) => h('option', { value: a }))),
  );
  return {
    el,
    read: () => {
      const out = { ...policy };
      out.name = name.value;
      out.description = description.value === '' ? null : description.value;
      // A field left as it was gives back exactly what was read (no split, trim or retyping).
      out.resources = resources.value === resourcesText ? policy.resources : readList(resources.value);
      out.actions = actions.value === actionsText ? policy.actions : readList(actions.value);
      out.specification = { ...spec, rules: ruleEditors.map((r) => r.read()), default: { ...(spec.default || {}), effect: defaultEffect.value } };
      return out;
    },
  };
}

function ruleEditor(rule, onRemove) {
  const raw = rule && typeof rule === 'object' ? rule : {};
  const id = h('input', { value: raw.rule_id == null ? '' : String(raw.rule_id), 'aria-label': 'Rule id', spellcheck: 'false' });
  const effect = h('select', { 'aria-label': 'Effect' }, ['Allow', 'Deny'].map((e) => h('option', { value: e, selected: raw.effect === e }, e)));
  if (raw.effect !== undefined && raw.effect !== 'Allow' && raw.effect !== 'Deny') effect.prepend(h('option', { value: String(raw.effect), selected: true }, String(raw.effect)));
  const condList = h('ul.conditions');
  const conds = [];
  const renumber = () => conds.forEach((c, j) => c.setIndex(index, j));
  let index = 0;
  const addCond = (c) => {
    const ce = conditionEditor(c, () => {
      conds.splice(conds.indexOf(ce), 1);
      ce.el.remove();
      renumber();
    });
    conds.push(ce);
    condList.append(ce.el);
    renumber();
    return ce;
  };
  for (const c of Array.isArray(raw.conditions) ? raw.conditions : []) addCond(c);
  const title = h('span.rule-no');
  const el = h(
    'li.rule',
    h(
      'div.rule-head',
      title,
      h('label.inline', 'Rule id ', id),
      h('label.inline', 'Effect ', effect),
      h('button.icon', { type: 'button', 'aria-label': 'Remove this rule', onclick: onRemove }, '✕'),
    ),
    h('p.hint', 'Holds when all of these hold (no condition: always):'),
    condList,
    h('button.small', { type: 'button', onclick: () => addCond({ function: 'string_equal', attribute: '', value: '' }).focus() }, '+ Add condition'),
  );
  return {
    el,
    focus: () => id.focus(),
    setIndex: (i) => {
      index = i;
      el.dataset.pointer = `/specification/rules/${i}`;
      id.dataset.pointer = `/specification/rules/${i}/rule_id`;
      effect.dataset.pointer = `/specification/rules/${i}/effect`;
      condList.dataset.pointer = `/specification/rules/${i}/conditions`;
      fill(title, `Rule ${i + 1}`);
      renumber();
    },
    read: () => {
      const out = { ...raw, rule_id: id.value, effect: effect.value };
      if (conds.length > 0 || raw.conditions !== undefined) out.conditions = conds.map((c) => c.read());
      return out;
    },
  };
}

function conditionEditor(cond, onRemove) {
  const raw = cond && typeof cond === 'object' ? cond : {};
  const fn = h('input.fn', { value: raw.function == null ? '' : String(raw.function), list: 'functions', 'aria-label': 'Function', spellcheck: 'false', autocomplete: 'off' });
  const attr = h('input.attr', { value: raw.attribute == null ? '' : String(raw.attribute), list: 'attributes', 'aria-label': 'Attribute', spellcheck: 'false', autocomplete: 'off' });
  const key = h('input.key', { value: raw.metadata_key == null ? '' : String(raw.metadata_key), 'aria-label': 'Context key (metadata_key)', placeholder: 'context key', spellcheck: 'false' });
  const keyWrap = h('span.key-wrap', key);
  const initialKind = 'value_attribute' in raw ? 'value_attribute' : 'values' in raw ? 'values' : 'value' in raw ? 'value' : NO_OPERAND.has(raw.function) ? 'none' : LIST_FUNCTIONS.has(raw.function) ? 'values' : 'value';
  const kind = h(
    'select.kind',
    { 'aria-label': 'Compare with' },
    [['value', 'a value'], ['values', 'a list'], ['value_attribute', 'another attribute'], ['none', 'nothing']].map(([v, l]) => h('option', { value: v, selected: v === initialKind }, l)),
  );
  const initialOperand = initialKind === 'values' ? listText(raw.values) : initialKind === 'none' ? '' : operandText(raw[initialKind]);
  const operand = h('input.operand', { value: initialOperand, 'aria-label': 'Operand', spellcheck: 'false' });
  let kindTouched = 'value' in raw || 'values' in raw || 'value_attribute' in raw;
  kind.addEventListener('change', () => {
    kindTouched = true;
    sync();
  });
  fn.addEventListener('change', () => {
    if (!kindTouched) kind.value = NO_OPERAND.has(fn.value) ? 'none' : LIST_FUNCTIONS.has(fn.value) ? 'values' : 'value';
    sync();
  });
  attr.addEventListener('input', () => sync());
  let pointer = '';
  const sync = () => {
    keyWrap.hidden = !(attr.value === 'request_metadata' || key.value !== '');
    operand.hidden = kind.value === 'none';
    operand.placeholder = kind.value === 'values' ? 'a, b, c (or a JSON array)' : kind.value === 'value_attribute' ? 'ext_org_id' : 'value';
    operand.dataset.pointer = `${pointer}/${kind.value === 'none' ? 'value' : kind.value}`;
  };
  const el = h(
    'li.condition',
    fn,
    attr,
    keyWrap,
    kind,
    operand,
    h('button.icon', { type: 'button', 'aria-label': 'Remove this condition', onclick: onRemove }, '✕'),
  );
  return {
    el,
    focus: () => fn.focus(),
    setIndex: (i, j) => {
      pointer = `/specification/rules/${i}/conditions/${j}`;
      el.dataset.pointer = pointer;
      fn.dataset.pointer = `${pointer}/function`;
      attr.dataset.pointer = `${pointer}/attribute`;
      key.dataset.pointer = `${pointer}/metadata_key`;
      sync();
    },
    read: () => {
      const out = { ...raw };
      delete out.value;
      delete out.values;
      delete out.value_attribute;
      delete out.metadata_key;
      out.function = fn.value;
      out.attribute = attr.value;
      if (key.value !== '') out.metadata_key = key.value;
      if (fn.value === raw.function && kind.value === initialKind && operand.value === initialOperand && initialKind in raw) {
        out[initialKind] = raw[initialKind]; // untouched: exactly as stored, type and all
      } else if (kind.value === 'values') out.values = readList(operand.value);
      else if (kind.value === 'value_attribute') out.value_attribute = operand.value;
      else if (kind.value === 'value') out.value = typedValue(fn.value, operand.value);
      return out;
    },
  };
}

function operandText(v) {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The operand as the function wants it: booleans for boolean_equal, integers for integer_*. */
function typedValue(fn, text) {
  if (fn === 'boolean_equal' && (text === 'true' || text === 'false')) return text === 'true';
  if (fn.startsWith('integer_') && /^-?\d+$/.test(text.trim())) {
    const n = Number(text.trim());
    return Number.isSafeInteger(n) ? n : text.trim();
  }
  if (fn === 'list_contains') {
    if (text === 'true' || text === 'false') return text === 'true';
    if (/^-?\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  }
  return text;
}

async function remove(ctx, p) {
  const ok = await confirmDialog({
    title: `Delete policy ${p.name}?`,
    body: h('p', 'Checks on ', h('code', p.resources.join(', ') || 'nothing'), ' / ', h('code', p.actions.join(', ') || 'nothing'), ' stop seeing this policy at once; with no other policy they are denied (no_applicable_policy).'),
    confirmLabel: 'Delete policy',
  });
  if (!ok) return;
  try {
    await api.admin('DELETE', `/workspaces/${api.seg(ctx.ws)}/policies/${api.seg(p.id)}`);
    ctx.go(wsHref(ctx.ws, 'policies'));
  } catch (e) {
    errorNotice(ctx.view, e);
  }
}
