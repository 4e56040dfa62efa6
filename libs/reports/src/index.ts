/** Excel and CSV reports (docs/architecture.md §7): streaming rendering, on-demand jobs, schedules, retention and storage. */
export {
  ReportsModule,
  reportsDirectory,
  reportStorageFromConfig,
  type ReportsModuleOptions,
} from './reports.module';
export { ReportError, type ReportErrorCode } from './reports.errors';
export {
  REPORT_TYPES,
  REPORT_FORMATS,
  EXPOSURE_FILTER_STATUSES,
  parseReportFilters,
  parseReportType,
  parseReportFormat,
  type ReportType,
  type ReportFormat,
  type ReportFilters,
  type ExposureFilterStatus,
} from './report-definition';
export { neutralizeFormula, toSheetText } from './cells/neutralize-formula';
export { csvRow, csvField, UTF8_BOM, type CellValue } from './csv/csv-row';
export { reportFileName } from './file-name';
export {
  RULE_DIRECTORY,
  EMPTY_RULE_DIRECTORY,
  staticRuleDirectory,
  catalogRuleDirectory,
  type RuleDirectory,
  type RuleReference,
} from './rule-directory';
export {
  REPORT_STORAGE,
  type ReportStorage,
  type StoredReport,
  type DownloadFile,
} from './storage/report-storage';
export { LocalDiskReportStorage } from './storage/local-disk-report-storage';
export { S3ReportStorage, type S3ReportStorageOptions } from './storage/s3-report-storage';
export { contentDisposition } from './content-disposition';
export { ReportSnapshot } from './data/report-snapshot';
export { renderReport, type RenderRequest, type RenderContext } from './render/render-report';
export { WORKBOOK_WRITER_OPTIONS, XlsxWorkbook } from './render/xlsx-workbook';
export { exposedDevicesSheet, type TableSheet, type ColumnSpec } from './render/sheets';
export {
  ReportService,
  evidencePackFileName,
  type NewReport,
  type ReportDownload,
  type ReportDownloadTarget,
} from './jobs/report.service';
export { EvidenceKeyService, type EvidencePublicKeyView } from './evidence/evidence-key.service';
export {
  EvidenceSigningKey,
  loadEvidenceSigningKey,
  publicKeyId,
  verifyDetached,
} from './evidence/evidence-key';
export type { EvidenceManifest, ManifestRule, ManifestSyncRun } from './evidence/evidence-manifest';
export type { PackFile } from './evidence/evidence-draft';
export { verifyEvidencePack, type PackVerdict } from './evidence/verify-pack';
export { ReportRunner } from './jobs/report-runner';
export { ReportRetention } from './jobs/report-retention';
export type { ReportView, Requester } from './jobs/report-views';
export {
  ReportScheduleService,
  type ReportScheduleView,
  type ScheduleMailStatus,
  type ScheduleInput,
} from './schedules/report-schedule.service';
export { nextScheduledRun } from './schedules/schedule-timing';
export { ReportMailer, describeSmtpError } from './email/report-mailer';
export { ReportMails } from './email/report-mails.service';
export { MailOutbox, type MailView } from './email/mail-outbox';
export {
  parseScheduleEmail,
  parseRecipient,
  parseSubject,
  DEFAULT_SUBJECT,
  SUBJECT_PLACEHOLDERS,
} from './email/mail-settings';
export { renderSubject, mailText, mailHtml, type MailFacts } from './email/report-mail';
export { DownloadLinks, MAX_LINK_HOURS, type DownloadLinkView } from './links/download-links';
