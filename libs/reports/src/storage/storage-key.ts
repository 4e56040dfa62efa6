import { ReportError } from '../reports.errors';

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/** Refuses a storage key that is not plain `segment/segment.ext` (no `..`, no leading slash), in every store. */
export function checkStorageKey(key: string): string {
  if (!KEY_PATTERN.test(key) || key.split('/').some((part) => part === '..' || part === '.')) {
    throw new ReportError('invalid_report', `Invalid storage key "${key}"`);
  }
  return key;
}
