/** Turns a raw value (string from env, any YAML scalar) into a typed one, or says what it must be. */
export type Parser<T> = (raw: unknown) => { value: T } | { problem: string };

const text = (raw: unknown): string | undefined =>
  typeof raw === 'string'
    ? raw.trim()
    : typeof raw === 'number' || typeof raw === 'boolean'
      ? String(raw)
      : undefined;

export const int =
  (min: number, max = Number.MAX_SAFE_INTEGER): Parser<number> =>
  (raw) => {
    const s = text(raw);
    const n = s !== undefined && /^-?\d+$/.test(s) ? Number(s) : NaN;
    if (Number.isSafeInteger(n) && n >= min && n <= max) return { value: n };
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `between ${min} and ${max}`;
    return { problem: `must be a whole number ${range}` };
  };

export const port: Parser<number> = (raw) => {
  const r = int(0, 65535)(raw);
  return 'problem' in r
    ? { problem: 'must be a TCP port number between 0 and 65535 (0 = any free port)' }
    : r;
};

export const bool: Parser<boolean> = (raw) => {
  const s = text(raw)?.toLowerCase();
  if (s === 'true' || s === '1' || s === 'yes') return { value: true };
  if (s === 'false' || s === '0' || s === 'no') return { value: false };
  return { problem: 'must be true or false' };
};

export const str =
  (
    opts: { minLength?: number; maxLength?: number; pattern?: RegExp; describe?: string } = {},
  ): Parser<string> =>
  (raw) => {
    const s = text(raw);
    const { minLength = 1, maxLength = 4096, pattern, describe } = opts;
    if (s === undefined || s.length < minLength || s.length > maxLength || (pattern && !pattern.test(s))) {
      return { problem: `must be ${describe ?? `a text of ${minLength} to ${maxLength} characters`}` };
    }
    return { value: s };
  };

export const oneOf =
  <T extends string>(values: readonly T[]): Parser<T> =>
  (raw) => {
    const s = text(raw);
    return s !== undefined && (values as readonly string[]).includes(s)
      ? { value: s as T }
      : { problem: `must be one of ${values.join(', ')}` };
  };

export const url =
  (protocols: string[]): Parser<string> =>
  (raw) => {
    const s = text(raw);
    try {
      if (s && protocols.includes(new URL(s).protocol.replace(/:$/, ''))) return { value: s };
    } catch {
      // falls through to the problem below
    }
    return { problem: `must be a ${protocols.join(' or ')} URL` };
  };

/** A 32-byte key given as base64 (e.g. `openssl rand -base64 32`). */
export const key32: Parser<string> = (raw) => {
  const s = text(raw);
  return s && Buffer.from(s, 'base64').length === 32 && /^[A-Za-z0-9+/]+=*$/.test(s)
    ? { value: s }
    : { problem: 'must be 32 random bytes in base64 (openssl rand -base64 32)' };
};

export const list =
  <T>(item: Parser<T>): Parser<T[]> =>
  (raw) => {
    const items = Array.isArray(raw)
      ? raw
      : typeof raw === 'string'
        ? raw.split(',').filter((s) => s.trim())
        : null;
    if (!items) return { problem: 'must be a list (YAML list or comma-separated text)' };
    const out: T[] = [];
    for (const [i, one] of items.entries()) {
      const r = item(one);
      if ('problem' in r) return { problem: `item ${i + 1} ${r.problem}` };
      out.push(r.value);
    }
    return { value: out };
  };

/** A host name (`siem.example.com`, `*.example.com`) or an IPv4/IPv6 address or CIDR range: an allowlist entry. */
export const hostOrCidr: Parser<string> = str({
  maxLength: 255,
  pattern: /^(\*\.)?[A-Za-z0-9.-]+$|^[0-9A-Fa-f:.]+(\/\d{1,3})?$/,
  describe: 'a host name (optionally *.domain) or an IP address / CIDR range',
});
