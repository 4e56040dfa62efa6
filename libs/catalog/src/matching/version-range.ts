/**
 * Versions compare by their leading dotted numbers ("21.3.10.391b" → [21, 3, 10, 391]); missing parts are 0.
 * The same rule is implemented in SQL (interdict_version_key) so findings filter installations identically.
 */
export function versionKey(version: string | null | undefined): number[] {
  const m = /^\s*v?(\d+(?:\.\d+)*)/i.exec(version ?? '');
  return m ? m[1].split('.').map((p) => Math.min(Number(p), 2_000_000_000)) : [];
}

/** Negative, zero or positive like a comparator; trailing zeros don't matter (21.3 == 21.3.0). */
export function compareVersions(a: string, b: string): number {
  const x = versionKey(a);
  const y = versionKey(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when `version` is ≥ from and < below; an unparseable version is outside any bounded range. */
export function isVersionInRange(
  version: string | null | undefined,
  range: { from?: string; below?: string },
): boolean {
  if (range.from === undefined && range.below === undefined) return true;
  if (!versionKey(version).length) return false;
  const v = version as string;
  if (range.from !== undefined && compareVersions(v, range.from) < 0) return false;
  if (range.below !== undefined && compareVersions(v, range.below) >= 0) return false;
  return true;
}
