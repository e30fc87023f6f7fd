// Where each JSON pointer's value sits in a JSON text, so that an error the API names by pointer
// can be shown at its line in the policy editor's JSON tab (docs/console.md#pages).

/**
 * Maps every pointer of `text` to {start, end, line} of its value (offsets into text, line from
 * 1), or returns null when the text is not JSON. Member names are escaped as RFC 6901 says.
 */
export function pointerMap(text) {
  const map = new Map();
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = () => {
    throw new SyntaxError('not JSON');
  };
  const string = () => {
    const start = i;
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const value = (pointer) => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') i++;
      else {
        for (;;) {
          ws();
          const key = string();
          ws();
          if (text[i++] !== ':') fail();
          value(`${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
          ws();
          if (text[i] === ',') i++;
          else if (text[i] === '}') {
            i++;
            break;
          } else fail();
        }
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') i++;
      else {
        for (let n = 0; ; n++) {
          value(`${pointer}/${n}`);
          ws();
          if (text[i] === ',') i++;
          else if (text[i] === ']') {
            i++;
            break;
          } else fail();
        }
      }
    } else if (c === '"') {
      string();
    } else {
      const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      if (!m) fail();
      i += m[0].length;
    }
    map.set(pointer, { start, end: i, line: text.slice(0, start).split('\n').length });
  };
  try {
    value('');
    ws();
    return i === text.length ? map : null;
  } catch (e) {
    return null;
  }
}

/** The place of `pointer`, or of the nearest pointer above it that the text has; null if none. */
export function locate(map, pointer) {
  if (!map) return null;
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    if (map.has(p)) return map.get(p);
    if (p === '') return null;
  }
}
