import { REPORT_FORMATS } from '@interdict/database';
import { ReportError } from './reports.errors';

/** What a report contains: `exposure` is the full workbook; the others are one sheet (or one CSV) each. */
export const REPORT_TYPES = [
  'exposure',
  'exposed-devices',
  'evidence',
  'rules',
  'software',
  'coverage',
  'exceptions',
] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
/** The one-sheet types, in the order the full workbook holds them. */
export const SHEET_TYPES = REPORT_TYPES.filter((t): t is Exclude<ReportType, 'exposure'> => t !== 'exposure');

export { REPORT_FORMATS };
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The media type of each report format, for downloads, mail attachments and stored objects. */
export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/**
 * Exposure statuses a report can select; `overdue` = open and past due at the report's as-of time, `review` = open
 * under review rules only (no due date).
 */
export const EXPOSURE_FILTER_STATUSES = ['open', 'overdue', 'review', 'excepted', 'resolved'] as const;
export type ExposureFilterStatus = (typeof EXPOSURE_FILTER_STATUSES)[number];

/** Filters narrowing a report; every list is "any of", an absent list means no restriction. */
export interface ReportFilters {
  /** Source ids or names. */
  source?: string[];
  platform?: string[];
  product?: string[];
  rule?: string[];
  /** Exposure statuses; default `open`. */
  status?: ExposureFilterStatus[];
  /** Device groups (device tags). */
  group?: string[];
  /** Exposure severities (critical, high, medium, low, info). */
  severity?: string[];
  /** Device name, serial, user or software title contains one of these (case-insensitive), as the exposure list's `q`. */
  search?: string[];
}

const FILTER_KEYS = [
  'source',
  'platform',
  'product',
  'rule',
  'status',
  'group',
  'severity',
  'search',
] as const;
const MAX_VALUES = 100;
const MAX_VALUE_CHARS = 200;

/**
 * Checks filters from any door (API body, schedule row, CLI) and returns a clean copy: known keys only, lists of
 * 1–100 non-empty texts, statuses from the closed set. Throws `invalid_filter` naming the key at fault.
 */
export function parseReportFilters(raw: unknown): ReportFilters {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ReportError('invalid_filter', 'filters must be an object', 'filters');
  }
  const out: ReportFilters = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!(FILTER_KEYS as readonly string[]).includes(key)) {
      throw new ReportError(
        'invalid_filter',
        `filters.${key} is not a known filter (use ${FILTER_KEYS.join(', ')})`,
        `filters.${key}`,
      );
    }
    if (value === undefined || value === null) continue;
    const list: unknown = typeof value === 'string' ? [value] : value;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      list.length > MAX_VALUES ||
      !list.every((v) => typeof v === 'string' && v.trim().length > 0 && v.length <= MAX_VALUE_CHARS)
    ) {
      throw new ReportError(
        'invalid_filter',
        `filters.${key} must be a list of 1 to ${MAX_VALUES} texts of 1 to ${MAX_VALUE_CHARS} characters`,
        `filters.${key}`,
      );
    }
    const values = [...new Set((list as string[]).map((v) => v.trim()))];
    if (key === 'status') {
      const bad = values.find((v) => !(EXPOSURE_FILTER_STATUSES as readonly string[]).includes(v));
      if (bad !== undefined) {
        throw new ReportError(
          'invalid_filter',
          `filters.status "${bad}" must be one of ${EXPOSURE_FILTER_STATUSES.join(', ')}`,
          'filters.status',
        );
      }
      out.status = values as ExposureFilterStatus[];
    } else {
      out[key as Exclude<(typeof FILTER_KEYS)[number], 'status'>] = values;
    }
  }
  return out;
}

/** Checks a report type from outside. */
export function parseReportType(raw: unknown, field = 'type'): ReportType {
  if (typeof raw === 'string' && (REPORT_TYPES as readonly string[]).includes(raw)) return raw as ReportType;
  throw new ReportError('invalid_report', `${field} must be one of ${REPORT_TYPES.join(', ')}`, field);
}

/** Checks a report format from outside. */
export function parseReportFormat(raw: unknown, field = 'format'): ReportFormat {
  if (raw === 'xlsx' || raw === 'csv') return raw;
  throw new ReportError('invalid_report', `${field} must be xlsx or csv`, field);
}

/** A human line describing the filters, for the Summary sheet. */
export function describeFilters(filters: ReportFilters): string {
  const parts = FILTER_KEYS.filter((k) => filters[k]?.length).map((k) => `${k}: ${filters[k]!.join(', ')}`);
  return parts.length ? parts.join('; ') : 'none (status: open)';
}
