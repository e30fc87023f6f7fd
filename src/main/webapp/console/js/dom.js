// Builds the DOM from data without ever parsing markup: every value from the server (a token's
// claims, a policy's text, a decision's context) becomes a text node, so nothing it holds can
// run as script (docs/console.md#security).

/**
 * h('tag.class#id', {attr: value, onclick: fn}, child, ...): an element. Children may be strings,
 * numbers, nodes, arrays (flattened), null/undefined/false (skipped).
 */
export function h(spec, attrs, ...children) {
  const m = /^([a-z0-9-]+)((?:[.#][A-Za-z0-9_-]+)*)$/.exec(spec);
  if (!m) throw new Error(`bad element spec ${spec}`);
  const el = document.createElement(m[1]);
  for (const part of m[2].match(/[.#][A-Za-z0-9_-]+/g) || []) {
    if (part[0] === '.') el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') for (const c of String(v).split(/\s+/).filter(Boolean)) el.classList.add(c);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked' || k === 'selected' || k === 'disabled') el[k] = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces everything inside el with children. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A labelled form field: label, control, an error slot (filled by showErrors). */
export function field(label, control, hint) {
  const id = control.id || `f-${++fieldIds}`;
  control.id = id;
  const hintEl = hint ? h('p.hint', { id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div.field', h('label', { for: id }, label), control, hintEl);
}
let fieldIds = 0;

/** Pretty JSON in a <pre>, as text. */
export function jsonBlock(value, cls) {
  return h(`pre.json${cls ? '.' + cls : ''}`, value === undefined ? '' : JSON.stringify(value, null, 2));
}

/** A short text for any JSON value (strings as they are, others as JSON). */
export function show(value) {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function time(iso) {
  if (!iso) return '—';
  const t = h('time', { datetime: iso, title: iso }, iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'));
  return t;
}

/** The time and how far it is from now ("in 4 min", "2 h ago"), for the key cache's times. */
export function timeFromNow(iso) {
  const d = iso ? Date.parse(iso) : NaN;
  if (Number.isNaN(d)) return time(iso);
  const s = Math.round((d - Date.now()) / 1000);
  const a = Math.abs(s);
  const span = a < 60 ? `${a} s` : a < 3600 ? `${Math.round(a / 60)} min` : a < 172800 ? `${Math.round(a / 3600)} h` : `${Math.round(a / 86400)} days`;
  return [time(iso), h('span.muted', a < 5 ? ' (now)' : s > 0 ? ` (in ${span})` : ` (${span} ago)`)];
}

/**
 * A list as one line of text: "a, b, c" when that reads back the same (strings without commas,
 * no spaces around them), else the JSON array, which readList takes back as it is.
 */
export function listText(values) {
  if (!Array.isArray(values)) return values == null ? '' : JSON.stringify(values);
  const plain = values.every((v) => typeof v === 'string' && v !== '' && !/[,\n]/.test(v) && v.trim() === v);
  return plain ? values.join(', ') : JSON.stringify(values);
}

/** What listText wrote, or what an admin typed: a JSON array as it is, else splitList. */
export function readList(text) {
  const t = String(text).trim();
  if (t.startsWith('[')) {
    try {
      const v = JSON.parse(t);
      if (Array.isArray(v)) return v;
    } catch (e) {
      // not JSON after all: a list of words that starts with '['
    }
  }
  return splitList(text);
}

/** Splits a list field: commas or new lines, trimmed, empty items dropped. */
export function splitList(text) {
  return String(text).split(/[\n,]/).map((s) => s.trim()).filter((s) => s.length > 0);
}
