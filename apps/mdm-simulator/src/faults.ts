/** Which side of the simulator a fault rule applies to. */
export type FaultTarget = 'intune' | 'jamf' | 'all';

/** What a matching request gets instead of its normal answer. */
export type FaultKind =
  | 'throttle'
  | 'unavailable'
  | 'gatewayTimeout'
  | 'slow'
  | 'malformed'
  | 'reset'
  | 'expireToken'
  /** 404, as a proxy or tenant that restricts an endpoint answers (e.g. Jamf's version endpoint). */
  | 'notFound';

/** One fault rule: counter-based (not random), so tests are reproducible. */
export interface FaultRule {
  target: FaultTarget;
  kind: FaultKind;
  /** Only requests whose path contains this text. Token endpoints are skipped unless it names them. */
  pathContains?: string;
  /** Fire on every Nth matching request (default 1 = every one). */
  every?: number;
  /** Let the first N matching requests through untouched. */
  after?: number;
  /** Fire at most this many times. */
  count?: number;
  /** 429/503: the Retry-After value in seconds; null omits the header. Default 1. */
  retryAfterSeconds?: number | null;
  /** `slow`: delay before answering (default 1000 ms). */
  delayMs?: number;
  /** `throttle` on Intune: Intune's JSON-string-in-message body (fixture error-429-intune-wrapped.json). */
  wrapped?: boolean;
}

const KINDS: readonly FaultKind[] = [
  'throttle',
  'unavailable',
  'gatewayTimeout',
  'slow',
  'malformed',
  'reset',
  'expireToken',
  'notFound',
];
const TARGETS: readonly FaultTarget[] = ['intune', 'jamf', 'all'];

/** Checks a fault rule list from JSON; throws an Error naming the bad field. */
export function parseFaultRules(input: unknown): FaultRule[] {
  if (!Array.isArray(input)) throw new Error('rules must be an array');
  return input.map((raw, i) => {
    const where = `rules[${i}]`;
    if (typeof raw !== 'object' || raw === null) throw new Error(`${where} must be an object`);
    const r = raw as Record<string, unknown>;
    const known = [
      'target',
      'kind',
      'pathContains',
      'every',
      'after',
      'count',
      'retryAfterSeconds',
      'delayMs',
      'wrapped',
    ];
    for (const key of Object.keys(r))
      if (!known.includes(key)) throw new Error(`${where}.${key} is not a fault setting`);
    if (!TARGETS.includes(r.target as FaultTarget))
      throw new Error(`${where}.target must be one of ${TARGETS.join(', ')}`);
    if (!KINDS.includes(r.kind as FaultKind))
      throw new Error(`${where}.kind must be one of ${KINDS.join(', ')}`);
    const int = (key: string, min: number): number | undefined => {
      const v = r[key];
      if (v === undefined) return undefined;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
        throw new Error(`${where}.${key} must be a whole number ≥ ${min}`);
      return v;
    };
    if (r.pathContains !== undefined && typeof r.pathContains !== 'string')
      throw new Error(`${where}.pathContains must be a string`);
    if (r.wrapped !== undefined && typeof r.wrapped !== 'boolean')
      throw new Error(`${where}.wrapped must be a boolean`);
    const retry = r.retryAfterSeconds;
    if (
      retry !== undefined &&
      retry !== null &&
      (typeof retry !== 'number' || !Number.isInteger(retry) || retry < 0)
    )
      throw new Error(`${where}.retryAfterSeconds must be a whole number ≥ 0 or null`);
    return {
      target: r.target as FaultTarget,
      kind: r.kind as FaultKind,
      pathContains: r.pathContains,
      every: int('every', 1),
      after: int('after', 0),
      count: int('count', 1),
      retryAfterSeconds: retry,
      delayMs: int('delayMs', 0),
      wrapped: r.wrapped,
    };
  });
}

interface RuleState {
  rule: FaultRule;
  seen: number;
  fired: number;
}

/** The active fault rules and their counters. */
export class FaultPlan {
  private states: RuleState[] = [];

  set(rules: FaultRule[]): void {
    this.states = rules.map((rule) => ({ rule, seen: 0, fired: 0 }));
  }

  /** Rules with how often each matched and fired. */
  describe(): { rule: FaultRule; matched: number; fired: number }[] {
    return this.states.map((s) => ({ rule: s.rule, matched: s.seen, fired: s.fired }));
  }

  /** The fault to apply to this request, if any (first firing rule wins; every matching rule counts the request). */
  pick(side: 'intune' | 'jamf', path: string, isTokenEndpoint: boolean): FaultRule | null {
    let chosen: FaultRule | null = null;
    for (const s of this.states) {
      const { rule } = s;
      if (rule.target !== 'all' && rule.target !== side) continue;
      if (rule.pathContains !== undefined ? !path.includes(rule.pathContains) : isTokenEndpoint) continue;
      s.seen++;
      if (chosen) continue;
      if (s.seen <= (rule.after ?? 0)) continue;
      if ((s.seen - (rule.after ?? 0)) % (rule.every ?? 1) !== 0) continue;
      if (rule.count !== undefined && s.fired >= rule.count) continue;
      s.fired++;
      chosen = rule;
    }
    return chosen;
  }
}
