import type { ScheduleEmail } from '@interdict/database';
import { ReportError } from '../reports.errors';

/** Placeholders a subject may use, filled from the report (see report-mail.ts). */
export const SUBJECT_PLACEHOLDERS = [
  'org',
  'schedule',
  'type',
  'date',
  'exposedDevices',
  'overdue',
  'new',
  'resolved',
] as const;
export type SubjectPlaceholder = (typeof SUBJECT_PLACEHOLDERS)[number];

export const DEFAULT_SUBJECT =
  '{org}: {schedule} — {exposedDevices} exposed devices, {overdue} overdue ({date})';
const MAX_RECIPIENTS = 50;

// RFC 5322 atext for an unquoted local part; quoted local parts are refused (no mail system of ours needs them).
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
// Control characters (CR and LF above all) would end a header and start another one.
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

function bad(field: string, message: string): never {
  throw new ReportError('invalid_schedule', `${field} ${message}`, field);
}

/**
 * One recipient, `a@b.example` or `Name <a@b.example>`, checked against RFC 5321's limits (local part ≤ 64, domain
 * ≤ 255, address ≤ 254 octets). Names may not carry control characters or the characters that delimit addresses,
 * so no input can add a header or a recipient. Returns it normalised (trimmed, domain lower-cased).
 */
export function parseRecipient(raw: unknown, field: string): string {
  if (typeof raw !== 'string') bad(field, 'must be an email address as text');
  const text = raw.trim();
  if (CONTROL.test(text)) bad(field, 'must not contain line breaks or control characters');
  const m = /^(?:(.*?)\s*<([^<>]*)>|([^<>]*))$/.exec(text);
  if (!m) bad(field, 'must be an address, or a name and an address: Name <a@b.example>');
  const name = m[1]?.trim();
  const address = (m[2] ?? m[3]).trim();
  if (name !== undefined) {
    if (name.length === 0 || name.length > 100) bad(field, 'name must be 1 to 100 characters');
    if (/[",;:\\@]/.test(name)) bad(field, 'name must not contain " , ; : \\ or @');
  }
  const at = address.lastIndexOf('@');
  if (at < 1) bad(field, `"${address}" is not an email address (no local part or no @)`);
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  if (Buffer.byteLength(address) > 254) bad(field, 'address must be at most 254 characters (RFC 5321)');
  if (local.length > 64) bad(field, 'local part (before @) must be at most 64 characters (RFC 5321)');
  if (!LOCAL.test(local)) bad(field, `local part "${local}" has characters an address cannot have unquoted`);
  if (domain.length === 0 || domain.length > 255 || !domain.split('.').every((l) => LABEL.test(l))) {
    bad(field, `domain "${domain}" is not a valid host name`);
  }
  const normal = `${local}@${domain}`;
  return name ? `${name} <${normal}>` : normal;
}

/** The bare address of a parsed recipient (`Name <a@b>` → `a@b`). */
export function addressOf(recipient: string): string {
  return /<([^<>]+)>$/.exec(recipient)?.[1] ?? recipient;
}

function recipientList(raw: unknown, field: string, min: number): string[] {
  if (raw === undefined || raw === null) raw = [];
  if (!Array.isArray(raw)) bad(field, 'must be a list of email addresses');
  if (raw.length < min) bad(field, `must list at least ${min} address`);
  if (raw.length > MAX_RECIPIENTS) bad(field, `must list at most ${MAX_RECIPIENTS} addresses`);
  return raw.map((r, i) => parseRecipient(r, `${field}[${i}]`));
}

/** Checks a subject template: one line, at most 200 characters, only known {placeholders}. */
export function parseSubject(raw: unknown, field = 'email.subject'): string {
  if (raw === undefined || raw === null) return DEFAULT_SUBJECT;
  if (typeof raw !== 'string' || raw.trim().length === 0 || raw.length > 200) {
    bad(field, 'must be a text of 1 to 200 characters');
  }
  if (CONTROL.test(raw)) bad(field, 'must be one line, without control characters');
  for (const [, name] of raw.matchAll(/\{([^{}]*)\}/g)) {
    if (!(SUBJECT_PLACEHOLDERS as readonly string[]).includes(name)) {
      bad(
        field,
        `has an unknown placeholder {${name}}; known: ${SUBJECT_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`,
      );
    }
  }
  return raw.trim();
}

/** A schedule's `email` from outside: null/undefined = no mail; else recipients and subject, all checked. */
export function parseScheduleEmail(raw: unknown): ScheduleEmail | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw))
    bad('email', 'must be an object { to, cc, subject } or null');
  const input = raw as Record<string, unknown>;
  const unknown = Object.keys(input).filter((k) => !['to', 'cc', 'subject'].includes(k));
  if (unknown.length) bad(`email.${unknown[0]}`, 'is not a known field (to, cc, subject)');
  const to = recipientList(input.to, 'email.to', 1);
  const cc = recipientList(input.cc, 'email.cc', 0);
  const all = [...to, ...cc].map((r) => addressOf(r).toLowerCase());
  if (all.length > MAX_RECIPIENTS)
    bad('email', `must have at most ${MAX_RECIPIENTS} recipients in to and cc together`);
  const dup = all.find((a, i) => all.indexOf(a) !== i);
  if (dup) bad('email', `lists ${dup} twice`);
  return { to, cc, subject: parseSubject(input.subject) };
}
