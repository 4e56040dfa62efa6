// The report types a person chooses from, with what each holds. Typed by the OpenAPI document, so a type the API
// adds or drops fails the type check until it is labelled here (test/domain-rules.spec.ts checks the list too).
import type { components } from '../api/schema';

type Schemas = components['schemas'];

export type ReportType = Schemas['CreateReportRequest']['type'];
export type ReportFormat = Schemas['CreateReportRequest']['format'];

export const REPORT_TYPE_LABELS: Record<ReportType, string> = {
  exposure: 'Exposure — every exposure with its rules (Summary sheet first)',
  'exposed-devices': 'Exposed devices — one row per device',
  evidence: 'Evidence — every installation behind each exposure',
  rules: 'Rules — the rules in force, with citations and dates',
  software: 'Software — titles and what the catalog matched',
  coverage: 'Coverage — devices not reporting or stale',
  exceptions: 'Exceptions — active and past',
};

export const REPORT_FORMAT_LABELS: Record<NonNullable<ReportFormat>, string> = {
  xlsx: 'Excel (xlsx)',
  csv: 'CSV',
};
