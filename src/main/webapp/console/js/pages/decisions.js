// The decision log: filter by subject, decision, resource, action and time, page through
// (newest first), open a record to see all it holds and re-run it in the check tester
// (docs/api.md#the-audit-log).
import * as api from '../api.js';
import { h, fill, field, time, jsonBlock, show } from '../dom.js';
import { pageHeader, showErrors, decisionBadge, badge } from '../ui.js';
import { wsHref } from '../app.js';

const FILTERS = ['subject', 'decision', 'resource', 'action', 'from', 'to'];

export async function render(ctx) {
  const [id] = ctx.rest;
  return id ? record(ctx, id) : list(ctx);
}

async function list(ctx) {
  const { view, ws, query } = ctx;
  const params = new URLSearchParams();
  for (const f of FILTERS) if (query.get(f)) params.set(f, query.get(f));
  params.set('limit', query.get('limit') || '25');
  if (query.get('cursor')) params.set('cursor', query.get('cursor'));
  const inputs = {
    subject: h('input#filter-subject', { value: query.get('subject') || '', spellcheck: 'false', placeholder: 'user_2xyz' }),
    decision: h('select#filter-decision', h('option', { value: '' }, 'any'), ['Allow', 'Deny'].map((d) => h('option', { value: d, selected: query.get('decision') === d }, d))),
    resource: h('input#filter-resource', { value: query.get('resource') || '', spellcheck: 'false' }),
    action: h('input#filter-action', { value: query.get('action') || '', spellcheck: 'false' }),
    from: h('input#filter-from', { type: 'datetime-local', step: '1', value: toLocalInput(query.get('from')) }),
    to: h('input#filter-to', { type: 'datetime-local', step: '1', value: toLocalInput(query.get('to')) }),
  };
  const filters = h(
    'form.card.filters#decision-filters',
    {
      onsubmit: (ev) => {
        ev.preventDefault();
        const q = new URLSearchParams();
        for (const f of FILTERS) {
          const v = f === 'from' || f === 'to' ? fromLocalInput(inputs[f].value) : inputs[f].value.trim();
          if (v) q.set(f, v);
        }
        ctx.go(wsHref(ws, 'decisions') + (q.toString() ? '?' + q : ''));
      },
    },
    h(
      'div.filter-grid',
      field('Subject', inputs.subject),
      field('Decision', inputs.decision),
      field('Resource', inputs.resource),
      field('Action', inputs.action),
      field('From (UTC)', inputs.from),
      field('To (UTC)', inputs.to),
    ),
    h('div.actions', h('button.primary#apply-filters', { type: 'submit' }, 'Filter'), h('a.button', { href: wsHref(ws, 'decisions') }, 'Clear')),
  );
  fill(view, pageHeader(`Decision log of ${ws}`), filters, h('p.loading', 'Loading…'));
  let page;
  try {
    page = await api.get(`/workspaces/${api.seg(ws)}/decisions?${params}`);
  } catch (e) {
    if (!ctx.current()) return;
    view.querySelector(':scope > .loading').remove();
    showErrors(filters, e);
    return;
  }
  if (!ctx.current()) return;
  view.querySelector(':scope > .loading').remove();
  const trail = (query.get('trail') || '').split('~').filter(Boolean);
  const pageHref = (cursor, newTrail) => {
    const q = new URLSearchParams();
    for (const f of FILTERS) if (query.get(f)) q.set(f, query.get(f));
    if (cursor) q.set('cursor', cursor);
    if (newTrail.length) q.set('trail', newTrail.join('~'));
    return wsHref(ws, 'decisions') + (q.toString() ? '?' + q : '');
  };
  const here = query.get('cursor') || '';
  const filtered = FILTERS.some((f) => query.get(f));
  const last = trail[trail.length - 1];
  const prevCursor = last && last !== '-' ? last : null;
  view.append(
    page.data.length === 0
      ? h(
          'div.empty#no-decisions',
          filtered
            ? [h('p', 'No decision matches these filters.'), h('p', h('a', { href: wsHref(ws, 'decisions') }, 'Clear the filters'), '.')]
            : here
              ? h('p', 'No older decisions.')
              : [h('p', `No decision recorded in ${ws} yet.`), h('p.hint', 'Checks against this workspace are recorded here; the check tester and the playground record nothing.')],
        )
      : h(
          'div.table-wrap',
          h(
            'table.list.clickable.stack#decisions-table',
            h('caption.sr-only', 'Decisions, newest first'),
            h('thead', h('tr', h('th', 'When (UTC)'), h('th', 'Decision'), h('th', 'Subject'), h('th', 'Resource · action'), h('th.hide-narrow', 'Why'))),
            h(
              'tbody',
              page.data.map((d) =>
                h(
                  'tr',
                  { dataset: { id: d.decisionId } },
                  h('td', { 'data-label': 'When' }, h('a', { href: wsHref(ws, 'decisions', d.decisionId) }, time(d.decidedAt))),
                  h('td', { 'data-label': 'Decision' }, decisionBadge(d.allowed)),
                  h('td.break', { 'data-label': 'Subject' }, d.subject || h('span.muted', 'none')),
                  h('td', { 'data-label': 'Resource · action' }, h('code', d.resource), ' · ', h('code', d.action)),
                  h('td.hide-narrow.break', d.code ? badge(d.code, 'deny') : [d.reason || '', d.policy ? h('span.muted', ` (${d.policy}${d.ruleId ? ' / ' + d.ruleId : ''})`) : null]),
                ),
              ),
            ),
          ),
        ),
    h(
      'nav.pager',
      { 'aria-label': 'Pages' },
      trail.length || here ? h('a.button#first-page', { href: pageHref(null, []) }, '« Newest') : null,
      trail.length || here ? h('a.button#prev-page', { href: pageHref(prevCursor, trail.slice(0, -1)) }, '‹ Newer') : null,
      page.nextCursor ? h('a.button#next-page', { href: pageHref(page.nextCursor, [...trail, here || '-']) }, 'Older ›') : null,
      page.data.length ? h('span.muted.page-no', `Page ${trail.length + 1}${page.nextCursor ? '' : ' · the oldest'}`) : null,
    ),
  );
}

/** 2026-11-23T19:40:02Z → the value of a datetime-local input, read as UTC. */
function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 19);
}

function fromLocalInput(v) {
  if (!v) return '';
  return (v.length === 16 ? v + ':00' : v) + 'Z';
}

async function record(ctx, id) {
  const { view, ws } = ctx;
  const d = (await api.get(`/workspaces/${api.seg(ws)}/decisions/${api.seg(id)}`)).data;
  if (!ctx.current()) return;
  const rerun = new URLSearchParams({ resource: d.resource, action: d.action, from: d.decisionId });
  if (d.context && typeof d.context === 'object' && !Array.isArray(d.context)) rerun.set('context', JSON.stringify(d.context, null, 2));
  if (d.ipAddress) rerun.set('ip', d.ipAddress);
  if (d.subject) rerun.set('subject', d.subject);
  if (d.contextTruncated || (d.context !== null && (typeof d.context !== 'object' || Array.isArray(d.context)))) rerun.set('partial', '1');
  const row = (label, value) => [h('dt', label), h('dd.break', value)];
  fill(
    view,
    pageHeader(`Decision ${d.decisionId}`, h('a.button.primary#rerun', { href: wsHref(ws, 'check') + '?' + rerun }, 'Re-run in check tester')),
    h('p.crumbs', h('a', { href: wsHref(ws, 'decisions') }, '← Decision log')),
    h(
      'dl.facts.record#decision-record',
      row('Decision', [decisionBadge(d.allowed), ' ', d.decision]),
      row('When', time(d.decidedAt)),
      row('Source', d.source),
      row('Reason', d.reason || '—'),
      row('Token code', d.code ? badge(d.code, 'deny') : '—'),
      row('Policy', d.policyId ? h('a', { href: wsHref(ws, 'policies', d.policyId) + (d.ruleId ? '?rule=' + encodeURIComponent(d.ruleId) : '') }, d.policy) : show(d.policy)),
      row('Rule', show(d.ruleId)),
      row('Subject', show(d.subject)),
      row('Issuer', show(d.issuer)),
      row('Provider', d.providerId ? h('a', { href: wsHref(ws, 'providers', d.providerId) }, d.providerId) : '—'),
      row('Resource', show(d.resource)),
      row('Action', show(d.action)),
      row('IP address', show(d.ipAddress)),
      row('Context', [jsonBlock(d.context), d.contextTruncated ? h('p.hint', 'Members were left out to fit the audit limit (the policies saw all of them).') : null, d.contextUnreadable ? h('p.hint', 'Stored by an older version in a form that is not JSON: shown as text.') : null]),
    ),
  );
}
