/** Keys whose values never reach a log line, at any depth. */
const SECRET_KEY =
  /(secret|password|passwd|token|authorization|api[-_]?key|assertion|cookie|private[-_]?key|encryption[-_]?key|credential|signature)/i;
/** Values that look like credentials even under an innocent key. */
const SECRET_VALUE =
  /\b(Bearer|Basic|Splunk)\s+[A-Za-z0-9._~+/=-]{6,}|\b(idk|whsec)_[A-Za-z0-9_-]{6,}|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

export const REDACTED = '[redacted]';

/** Returns a copy of `value` with secret-looking keys and values replaced; cycles and depth are bounded. */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8 || seen.has(value)) return '[…]';
  seen.add(value);
  if (value instanceof Error) {
    return {
      type: value.name,
      message: redactText(value.message),
      stack: value.stack && redactText(value.stack),
      ...(redact({ ...value }, depth + 1, seen) as object),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_KEY.test(k) && v != null && v !== '' ? REDACTED : redact(v, depth + 1, seen);
  return out;
}

export function redactText(s: string): string {
  return s.replace(SECRET_VALUE, (m) => {
    const scheme = /^(Bearer|Basic|Splunk)\s/.exec(m);
    return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
  });
}
