// The managedDevices `$filter` subset of docs/mdm-apis.md §3; anything else is a 400, as Graph does for
// unsupported filters.

/** A compiled filter: true when a device record matches. */
export type RecordPredicate = (record: Record<string, unknown>) => boolean;

export class ODataError extends Error {}

const EQ_PROPERTIES = new Set([
  'operatingSystem',
  'managedDeviceOwnerType',
  'complianceState',
  'deviceName',
  'serialNumber',
  'userPrincipalName',
  'azureADDeviceId',
  'ownerType',
  'managementState',
]);
const DATE_PROPERTIES = new Set(['lastSyncDateTime', 'enrolledDateTime']);

type Token = { kind: 'word' | 'string' | 'punct'; text: string };

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    const c = filter[i];
    if (c === ' ') {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= filter.length) throw new ODataError('Unterminated string literal in $filter');
        if (filter[i] === "'") {
          if (filter[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += filter[i++];
      }
      tokens.push({ kind: 'string', text: value });
    } else {
      let word = '';
      while (i < filter.length && !" (),'".includes(filter[i])) word += filter[i++];
      tokens.push({ kind: 'word', text: word });
    }
  }
  return tokens;
}

/**
 * Compiles a `$filter` expression; throws ODataError with Graph-like text on anything outside the subset.
 * Long because it is one recursive-descent parser whose small rules share the token cursor.
 */
export function compileFilter(filter: string): RecordPredicate {
  const tokens = tokenize(filter);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = () => {
    const t = tokens[pos++];
    if (!t) throw new ODataError(`Syntax error at position ${filter.length} in '${filter}'.`);
    return t;
  };
  const expect = (text: string) => {
    const t = take();
    if (t.text !== text) throw new ODataError(`Syntax error: expected '${text}' in '${filter}'.`);
  };

  const parseOr = (): RecordPredicate => {
    let left = parseAnd();
    while (peek()?.kind === 'word' && peek().text.toLowerCase() === 'or') {
      pos++;
      const a = left;
      const b = parseAnd();
      left = (r) => a(r) || b(r);
    }
    return left;
  };
  const parseAnd = (): RecordPredicate => {
    let left = parseTerm();
    while (peek()?.kind === 'word' && peek().text.toLowerCase() === 'and') {
      pos++;
      const a = left;
      const b = parseTerm();
      left = (r) => a(r) && b(r);
    }
    return left;
  };
  const parseTerm = (): RecordPredicate => {
    const t = take();
    if (t.kind === 'punct' && t.text === '(') {
      const inner = parseOr();
      expect(')');
      return inner;
    }
    if (t.kind === 'word' && t.text.toLowerCase() === 'startswith') {
      expect('(');
      const prop = take();
      if (prop.text !== 'deviceName') throw new ODataError(`startswith is not supported on '${prop.text}'.`);
      expect(',');
      const value = take();
      if (value.kind !== 'string') throw new ODataError('startswith expects a string literal.');
      expect(')');
      const needle = value.text.toLowerCase();
      return (r) => String(r.deviceName).toLowerCase().startsWith(needle);
    }
    if (t.kind !== 'word') throw new ODataError(`Syntax error in '${filter}'.`);
    const property = t.text;
    const op = take().text.toLowerCase();
    const value = take();
    if (EQ_PROPERTIES.has(property)) {
      if (op !== 'eq') throw new ODataError(`Operator '${op}' is not supported on '${property}'.`);
      if (value.kind !== 'string')
        throw new ODataError(`'${property}' must be compared with a string literal.`);
      const expected = value.text.toLowerCase();
      return (r) => {
        const value = r[property];
        return (typeof value === 'string' ? value : '').toLowerCase() === expected;
      };
    }
    if (DATE_PROPERTIES.has(property)) {
      if (!['ge', 'gt', 'le', 'lt', 'eq'].includes(op))
        throw new ODataError(`Operator '${op}' is not supported on '${property}'.`);
      const at = Date.parse(value.text);
      if (value.kind !== 'word' || Number.isNaN(at))
        throw new ODataError(`'${value.text}' is not a valid DateTimeOffset.`);
      return (r) => {
        const v = Date.parse(String(r[property]));
        return op === 'ge'
          ? v >= at
          : op === 'gt'
            ? v > at
            : op === 'le'
              ? v <= at
              : op === 'lt'
                ? v < at
                : v === at;
      };
    }
    throw new ODataError(
      `Could not find a property named '${property}' on type 'microsoft.graph.managedDevice' or it cannot be filtered.`,
    );
  };

  const predicate = parseOr();
  if (pos !== tokens.length) throw new ODataError(`Syntax error at '${tokens[pos].text}' in '${filter}'.`);
  return predicate;
}
