import { validateCronExpression } from 'cron';
import { ConnectorError, validateSourceSettings } from '@interdict/connectors';
import { OutboundError, type OutboundPolicy } from '@interdict/outbound';
import { InventoryError } from '../sync/inventory.errors';

export type SourceKind = 'intune' | 'jamf';

// The connectors' per-kind schema decides; these checks give the clearest message for the fields most often missed.
const REQUIRED: Record<SourceKind, { field: string; check: (v: unknown) => boolean; must: string }[]> = {
  intune: [
    { field: 'tenantId', check: isText, must: 'a tenant id (GUID or verified domain)' },
    { field: 'clientId', check: isText, must: 'the app (client) id' },
  ],
  jamf: [
    { field: 'baseUrl', check: isHttpUrl, must: 'the Jamf Pro URL (https://…)' },
    { field: 'clientId', check: isText, must: 'the API client id' },
  ],
};

/** Refuses settings a connector of this kind cannot use, naming the field. The one place to swap in the connectors' validator. */
export function checkSourceSettings(kind: SourceKind, settings: unknown): Record<string, unknown> {
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings))
    throw new InventoryError('invalid_source', 'settings must be an object', 'settings');
  const s = settings as Record<string, unknown>;
  for (const [k, v] of Object.entries(s)) {
    if (/secret|password|privatekey/i.test(k))
      throw new InventoryError(
        'invalid_source',
        `settings.${k} looks like a secret; pass it as the source's secret, which is stored encrypted`,
        `settings.${k}`,
      );
    if (JSON.stringify(v ?? null).length > 4_096)
      throw new InventoryError(
        'invalid_source',
        `settings.${k} is longer than 4096 characters`,
        `settings.${k}`,
      );
  }
  for (const req of REQUIRED[kind]) {
    if (!req.check(s[req.field]))
      throw new InventoryError(
        'invalid_source',
        `settings.${req.field} must be ${req.must} for a ${kind} source`,
        `settings.${req.field}`,
      );
  }
  try {
    validateSourceSettings(kind, s);
  } catch (err) {
    if (err instanceof ConnectorError) throw new InventoryError('invalid_source', err.message, err.field);
    throw err;
  }
  return s;
}

// Every settings field that names a host Interdict will connect to, and send the source's secret to.
const URL_FIELDS: Record<SourceKind, readonly string[]> = {
  intune: ['loginBaseUrl', 'graphBaseUrl'],
  jamf: ['baseUrl'],
};

/**
 * Refuses a source URL the outbound policy does not allow (the same policy as webhooks): checked when the source is
 * saved, and again by the connector on every connection.
 */
export async function checkSourceUrls(
  kind: SourceKind,
  settings: Record<string, unknown>,
  policy: OutboundPolicy,
): Promise<void> {
  for (const field of URL_FIELDS[kind]) {
    const value = settings[field];
    if (typeof value !== 'string') continue;
    try {
      await policy.checkSavedUrl(value, `settings.${field}`);
    } catch (err) {
      if (err instanceof OutboundError)
        throw new InventoryError(
          err.code === 'unsafe_url' ? 'unsafe_url' : 'invalid_source',
          err.message,
          err.field,
        );
      throw err;
    }
  }
}

/** Refuses a kind other than intune or jamf. */
export function checkSourceKind(kind: unknown): SourceKind {
  if (kind === 'intune' || kind === 'jamf') return kind;
  throw new InventoryError('invalid_source', 'kind must be one of intune, jamf', 'kind');
}

/** A cron expression the scheduler accepts (5 or 6 fields, UTC), or null for manual syncs only. */
export function checkSchedule(schedule: string | null | undefined): string | null {
  if (schedule === null || schedule === undefined || schedule.trim() === '') return null;
  const s = schedule.trim();
  if (!/^\S+( \S+){4,5}$/.test(s) || !validateCronExpression(s).valid)
    throw new InventoryError(
      'invalid_source',
      `schedule "${s.slice(0, 100)}" is not a cron expression of 5 or 6 fields`,
      'schedule',
    );
  return s;
}

/** A source name: 1–200 characters after trimming. */
export function checkSourceName(name: unknown): string {
  const s = typeof name === 'string' ? name.trim() : '';
  if (!s || s.length > 200)
    throw new InventoryError('invalid_source', 'name must be 1 to 200 characters', 'name');
  return s;
}

function isText(v: unknown): boolean {
  return typeof v === 'string' && v.trim().length > 0 && v.length <= 512;
}

function isHttpUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}
