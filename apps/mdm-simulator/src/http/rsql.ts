// The RSQL subset of docs/mdm-apis.md §10: == != < <= > >= (and =lt= style), =in= =out=, ; and , (and/or),
// parentheses, quoted values, `*` wildcards, case-insensitive strings.

/** Reads a field (dotted name) of a record; undefined when the record has no such field. */
export type FieldReader = (field: string) => string | number | boolean | null | undefined;
export type RsqlPredicate = (read: FieldReader) => boolean;

/** A filter error naming the offending field when there is one. */
export class RsqlError extends Error {
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

type Tok = { t: 'sel' | 'op' | 'val' | '(' | ')' | ';' | ','; v: string };

const OPS = ['==', '!=', '=lt=', '=le=', '=gt=', '=ge=', '=in=', '=out=', '<=', '>=', '<', '>'];

// Long because it is one character scanner whose states share the cursor.
function tokenize(input: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  let expectValue = false;
  const skipSpace = () => {
    while (input[i] === ' ') i++;
  };
  while (i < input.length) {
    skipSpace();
    if (i >= input.length) break;
    const c = input[i];
    if (c === '(' || c === ')') {
      // Parentheses after an =in=/=out= operator hold a value list.
      if (c === '(' && expectValue) {
        const end = input.indexOf(')', i);
        if (end < 0) throw new RsqlError('Unclosed value list in filter');
        out.push({ t: 'val', v: input.slice(i, end + 1) });
        i = end + 1;
        expectValue = false;
        continue;
      }
      out.push({ t: c, v: c });
      i++;
      continue;
    }
    if (!expectValue && (c === ';' || c === ',')) {
      out.push({ t: c, v: c });
      i++;
      continue;
    }
    if (
      !expectValue &&
      /^(and|or)\b/i.test(input.slice(i)) &&
      out.length > 0 &&
      ['val', ')'].includes(out[out.length - 1].t)
    ) {
      const word = input
        .slice(i, i + 3)
        .toLowerCase()
        .startsWith('and')
        ? 'and'
        : 'or';
      out.push({ t: word === 'and' ? ';' : ',', v: word });
      i += word.length;
      continue;
    }
    if (expectValue) {
      let value = '';
      if (c === '"' || c === "'") {
        const end = input.indexOf(c, i + 1);
        if (end < 0) throw new RsqlError('Unclosed quote in filter');
        value = input.slice(i + 1, end);
        i = end + 1;
      } else {
        while (i < input.length && !' ;,()'.includes(input[i])) value += input[i++];
      }
      out.push({ t: 'val', v: value });
      expectValue = false;
      continue;
    }
    const op = OPS.find((o) => input.startsWith(o, i));
    if (op) {
      out.push({ t: 'op', v: op });
      i += op.length;
      expectValue = true;
      continue;
    }
    let sel = '';
    while (i < input.length && /[A-Za-z0-9_.]/.test(input[i])) sel += input[i++];
    if (!sel) throw new RsqlError(`Unexpected character '${input[i]}' in filter`);
    out.push({ t: 'sel', v: sel });
  }
  return out;
}

function compare(
  actual: string | number | boolean | null | undefined,
  op: string,
  expected: string,
): boolean {
  if (actual === null || actual === undefined) return op === '!=' || op === '=out=';
  if (op === '=in=' || op === '=out=') {
    const values = expected
      .replace(/^\(|\)$/g, '')
      .split(',')
      .map((v) =>
        v
          .trim()
          .replace(/^["']|["']$/g, '')
          .toLowerCase(),
      );
    const hit = values.includes(String(actual).toLowerCase());
    return op === '=in=' ? hit : !hit;
  }
  if (op === '==' || op === '!=') {
    const pattern = expected.toLowerCase();
    const text = String(actual).toLowerCase();
    const equal = pattern.includes('*')
      ? new RegExp(
          `^${pattern
            .split('*')
            .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*')}$`,
        ).test(text)
      : text === pattern;
    return op === '==' ? equal : !equal;
  }
  const a = typeof actual === 'number' ? actual : String(actual);
  const b = typeof actual === 'number' ? Number(expected) : expected;
  switch (op) {
    case '<':
    case '=lt=':
      return a < b;
    case '<=':
    case '=le=':
      return a <= b;
    case '>':
    case '=gt=':
      return a > b;
    default:
      return a >= b;
  }
}

/** Compiles an RSQL filter against an allow-list of fields; a field outside it throws RsqlError naming it. */
export function compileRsql(input: string, allowedFields: ReadonlySet<string>): RsqlPredicate {
  const toks = tokenize(input);
  let pos = 0;
  const or = (): RsqlPredicate => {
    let left = and();
    while (toks[pos]?.t === ',') {
      pos++;
      const a = left;
      const b = and();
      left = (r) => a(r) || b(r);
    }
    return left;
  };
  const and = (): RsqlPredicate => {
    let left = term();
    while (toks[pos]?.t === ';') {
      pos++;
      const a = left;
      const b = term();
      left = (r) => a(r) && b(r);
    }
    return left;
  };
  const term = (): RsqlPredicate => {
    const tok = toks[pos++];
    if (!tok) throw new RsqlError('Filter ends too early');
    if (tok.t === '(') {
      const inner = or();
      if (toks[pos++]?.t !== ')') throw new RsqlError('Missing closing parenthesis in filter');
      return inner;
    }
    if (tok.t !== 'sel') throw new RsqlError(`Unexpected '${tok.v}' in filter`);
    if (!allowedFields.has(tok.v)) throw new RsqlError(`Filter field '${tok.v}' is not supported`, tok.v);
    const op = toks[pos++];
    const value = toks[pos++];
    if (op?.t !== 'op' || value?.t !== 'val')
      throw new RsqlError(`Incomplete comparison on '${tok.v}'`, tok.v);
    const field = tok.v;
    return (read) => compare(read(field), op.v, value.v);
  };
  const predicate = or();
  if (pos !== toks.length) throw new RsqlError(`Unexpected '${toks[pos].v}' in filter`);
  return predicate;
}
