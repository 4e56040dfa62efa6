// Catalog patterns run against every distinct title, and a title is whatever an MDM says: a pattern that can
// backtrack exponentially would let one odd title stall matching. The loader refuses the two shapes that cause it
// (a repeated part that itself repeats; a repeated choice whose alternatives can start alike). Patterns are small,
// so a one-pass reading of their structure is enough.

interface Frame {
  /** Some part inside repeats without bound. */
  repeats: boolean;
  /** First character of each alternative so far ('*' = could be many things), '' = empty alternative. */
  firsts: string[];
  /** Whether the current alternative has an atom yet. */
  started: boolean;
  start: number;
  /** A lookahead or lookbehind: it matches no text. */
  assertion: boolean;
}

interface Atom {
  kind: 'char' | 'wide' | 'group' | 'assertion';
  first: string;
  repeats: boolean;
  firsts?: string[];
  start: number;
}

/**
 * Why a pattern may backtrack catastrophically, or null when its shape is safe.
 * Long because it is one scanner over the pattern whose helpers share the group stack.
 */
export function backtrackingRisk(pattern: string): string | null {
  const stack: Frame[] = [{ repeats: false, firsts: [], started: false, start: 0, assertion: false }];
  let last: Atom | null = null;
  let i = 0;
  const top = () => stack[stack.length - 1];
  const atom = (a: Atom) => {
    const f = top();
    if (!f.started) {
      f.firsts.push(a.first);
      f.started = true;
    }
    last = a;
  };
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      const end = escapeEnd(pattern, i);
      const wide = /[dDwWsSpPbB.]/.test(next) || next === 'k';
      atom({
        kind: next === 'b' || next === 'B' ? 'assertion' : wide ? 'wide' : 'char',
        first: wide ? '*' : next.toLowerCase(),
        repeats: false,
        start: i,
      });
      i = end;
      continue;
    }
    if (c === '[') {
      const end = classEnd(pattern, i);
      atom({ kind: 'wide', first: '*', repeats: false, start: i });
      i = end;
      continue;
    }
    if (c === '(') {
      let j = i + 1;
      let assertion = false;
      if (pattern.startsWith('?=', j) || pattern.startsWith('?!', j)) [assertion, j] = [true, j + 2];
      else if (pattern.startsWith('?<=', j) || pattern.startsWith('?<!', j)) [assertion, j] = [true, j + 3];
      else if (pattern.startsWith('?<', j)) j = pattern.indexOf('>', j) + 1 || pattern.length;
      else if (pattern.startsWith('?:', j)) j += 2;
      stack.push({ repeats: false, firsts: [], started: false, start: i, assertion });
      last = null;
      i = j;
      continue;
    }
    if (c === ')') {
      const f = stack.pop();
      if (!f || stack.length === 0) return null; // unbalanced: the RegExp constructor reports it
      if (!f.started) f.firsts.push('');
      const group: Atom = {
        kind: f.assertion ? 'assertion' : 'group',
        first: f.firsts.length === 1 ? f.firsts[0] : '*',
        repeats: f.repeats,
        firsts: f.firsts,
        start: f.start,
      };
      if (f.repeats) top().repeats = true;
      atom(group);
      i++;
      continue;
    }
    if (c === '|') {
      const f = top();
      if (!f.started) f.firsts.push('');
      f.started = false;
      last = null;
      i++;
      continue;
    }
    const q = quantifierAt(pattern, i);
    if (q) {
      const a = last as Atom | null;
      if (a && a.kind === 'group' && q.many) {
        const text = pattern.slice(a.start, i + q.length);
        if (a.repeats)
          return `${text} repeats a part that itself repeats without bound (nested quantifier): catastrophic backtracking`;
        if (q.unbounded && overlapping(a.firsts ?? [])) {
          return `${text} repeats a choice whose alternatives can match the same text: catastrophic backtracking`;
        }
      }
      if (q.unbounded) top().repeats = true;
      last = null;
      i += q.length;
      continue;
    }
    atom({
      kind: c === '.' ? 'wide' : 'char',
      first: c === '.' ? '*' : c.toLowerCase(),
      repeats: false,
      start: i,
    });
    if (c === '^' || c === '$') last = null;
    i++;
  }
  return null;
}

function escapeEnd(p: string, i: number): number {
  const next = p[i + 1];
  if ((next === 'p' || next === 'P' || next === 'u') && p[i + 2] === '{')
    return p.indexOf('}', i) + 1 || p.length;
  if (next === 'u') return i + 6;
  if (next === 'x') return i + 4;
  if (next === 'k' && p[i + 2] === '<') return p.indexOf('>', i) + 1 || p.length;
  return i + 2;
}

function classEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === '^') j++;
  if (p[j] === ']') j++;
  while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : 1;
  return j + 1;
}

function quantifierAt(p: string, i: number): { length: number; many: boolean; unbounded: boolean } | null {
  const c = p[i];
  const lazy = (n: number) => (p[i + n] === '?' ? n + 1 : n);
  if (c === '*' || c === '+') return { length: lazy(1), many: true, unbounded: true };
  if (c === '?') return { length: lazy(1), many: false, unbounded: false };
  if (c !== '{') return null;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
  if (!m) return null;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
  return { length: lazy(m[0].length), many: max > 1, unbounded: max === Infinity };
}

// Two alternatives that can start with the same character (or one that can start with anything, or an empty one)
// let the engine try both ways at every repetition.
function overlapping(firsts: string[]): boolean {
  if (firsts.length < 2) return false;
  const seen = new Set<string>();
  for (const f of firsts) {
    if (f === '*' || f === '' || seen.has(f)) return true;
    seen.add(f);
  }
  return false;
}
