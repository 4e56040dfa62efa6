import { createHash } from 'node:crypto';

/** Lower-case, NFC, single-spaced display name without a trailing `.app` — the name software rows are keyed on. */
export function normalizeSoftwareName(name: string): string {
  return name
    .normalize('NFC')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .replace(/\.app$/, '')
    .trim();
}

/**
 * The stable identity of a software title: md5 of `platform|name_norm|publisher|bundle_id` shaped as a uuid, so the
 * same title seen by any source, on any day, upserts into the same `software` row.
 */
export function softwareIdentityKey(
  platform: string,
  nameNorm: string,
  publisher: string | null,
  bundleId: string | null,
): string {
  const hex = createHash('md5')
    .update(`${platform}|${nameNorm.toLowerCase()}|${publisher ?? ''}|${bundleId ?? ''}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
