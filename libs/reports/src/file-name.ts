import type { ReportFormat, ReportType } from './report-definition';

/**
 * The download name of a report: org, type and date in the org's terms, safe on every file system
 * (`Example-Corp_exposure_2026-11-28_0700Z.xlsx`).
 */
export function reportFileName(orgName: string, type: ReportType, asOf: Date, format: ReportFormat): string {
  const org =
    orgName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'Interdict';
  const iso = asOf.toISOString();
  return `${org}_${type}_${iso.slice(0, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}Z.${format}`;
}
