import type { Platform } from './connector';

// Control characters other than tab and newlines never belong in a name.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The one place vendor strings are cleaned: trimmed, Unicode NFC, control characters dropped, empty → null. */
export function cleanText(value: unknown, maxLength = 1024): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const raw = String(value);
  // Printable ASCII (nearly every vendor string) is already NFC and has no control characters: only trim it.
  const s = PRINTABLE_ASCII.test(raw) ? raw.trim() : raw.normalize('NFC').replace(CONTROL_CHARS, '').trim();
  if (!s) return null;
  return s.length > maxLength ? s.slice(0, maxLength) : s;
}

/** Versions are kept verbatim (only trimmed): "1352 (6.5.3)" and "21.3.10.391" mean what the vendor says. */
export function cleanVersion(value: unknown): string | null {
  return cleanText(value, 256);
}

/** Dates: ISO-8601 with or without milliseconds; Graph's `0001-01-01T00:00:00Z` sentinel means never → null. */
export function cleanDate(value: unknown): Date | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  if (value.startsWith('0001-01-01')) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A serial number, or null for the empty strings and placeholders MDMs report for BYOD devices. */
export function cleanSerial(value: unknown): string | null {
  const s = cleanText(value, 128);
  if (!s) return null;
  return /^(0+|unknown|none|n\/a|null|default string|to be filled by o\.e\.m\.)$/i.test(s) ? null : s;
}

/** Maps Intune `operatingSystem` / detectedApp `platform` and Jamf device types onto our platforms. */
export function toPlatform(value: unknown): Platform {
  const s = typeof value === 'string' ? value.toLowerCase().replace(/[^a-z]/g, '') : '';
  if (s.startsWith('windows')) return 'windows';
  if (s === 'macos' || s === 'mac' || s === 'macosx' || s === 'osx') return 'macos';
  if (s === 'ipados') return 'ipados';
  if (s === 'ios' || s === 'iphone') return 'ios';
  if (s.startsWith('android')) return 'android';
  if (s === 'linux' || s === 'ubuntu') return 'linux';
  return 'other';
}
