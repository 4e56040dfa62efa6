// Serials that MDMs and firmware report when they do not know the real one; two devices sharing one of these are
// not the same machine.
const PLACEHOLDER_SERIALS = new Set([
  'UNKNOWN',
  'NONE',
  'NULL',
  'N/A',
  'NA',
  'NOT AVAILABLE',
  'NOT SPECIFIED',
  'DEFAULT STRING',
  'TO BE FILLED BY O.E.M.',
  'SYSTEM SERIAL NUMBER',
  'CHASSIS SERIAL NUMBER',
  'SERIAL NUMBER',
  'INVALID',
  '0123456789',
  '123456789',
  '1234567890',
]);

/** The serial upper-cased and trimmed when it identifies real hardware; null for empty, "0" and placeholders. */
export function normalizeSerial(serial: string | null): string | null {
  if (!serial) return null;
  const s = serial.trim().toUpperCase();
  if (s.length < 3 || PLACEHOLDER_SERIALS.has(s) || /^(.)\1*$/.test(s)) return null;
  return s;
}

/**
 * What makes two source records one physical device (docs/architecture.md §3): the real serial, else the source's
 * own record. A Mac in both Jamf and Intune has one physical key and two device rows.
 */
export function physicalKey(sourceId: string, externalId: string, serial: string | null): string {
  return normalizeSerial(serial) ?? `${sourceId}:${externalId}`;
}
