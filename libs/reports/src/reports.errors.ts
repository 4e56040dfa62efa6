/** Why a reports operation was refused; `field` names the input at fault. */
export type ReportErrorCode =
  | 'invalid_filter'
  | 'invalid_report'
  | 'invalid_schedule'
  | 'report_not_found'
  | 'report_not_ready'
  | 'schedule_not_found'
  | 'report_file_not_found'
  | 'invalid_link'
  | 'link_not_found'
  | 'link_expired'
  | 'link_revoked'
  | 'mail_not_found'
  | 'evidence_not_found'
  | 'evidence_key_not_configured'
  | 'storage_unavailable'
  | 'email_not_configured'
  | 'smtp_failed';

/** The one error class of libs/reports (docs/conventions.md §3). */
export class ReportError extends Error {
  constructor(
    readonly code: ReportErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ReportError';
  }
}
