import { Source } from './source.entity';
import { SyncRun } from './sync-run.entity';
import { Device } from './device.entity';
import { Software } from './software.entity';
import { SoftwareMatch } from './software-match.entity';
import { Installation } from './installation.entity';
import { Exposure } from './exposure.entity';
import { ExposureEvidence } from './exposure-evidence.entity';
import { ExposureException } from './exception.entity';
import { ExposureSnapshot } from './exposure-snapshot.entity';
import { ReportSchedule } from './report-schedule.entity';
import { Report } from './report.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEvent } from './webhook-event.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookAttempt } from './webhook-attempt.entity';
import { ApiKey } from './api-key.entity';
import { AuditLog } from './audit-log.entity';
import { Job } from './job.entity';
import { SystemState } from './system-state.entity';
import { DownloadLink, EmailAttempt, EmailDelivery } from './email-delivery.entity';

export { Source };
export { SyncRun };
export type { SyncProgress } from './sync-run.entity';
export { Device };
export { Software };
export { SoftwareMatch };
export { Installation };
export { Exposure };
export { ExposureEvidence };
export { ExposureException };
export { ExposureSnapshot };
export { ReportSchedule };
export { Report };
export type { ReportProgress } from './report.entity';
export { WebhookEndpoint };
export { WebhookEvent };
export { WebhookDelivery };
export { WebhookAttempt };
export { ApiKey };
export { AuditLog };
export { Job };
export { SystemState };
export { EmailDelivery, EmailAttempt, DownloadLink };
export type { MailRecipients } from './email-delivery.entity';
export type { ScheduleEmail } from './report-schedule.entity';
export type { ReportHeadline } from './report.entity';

/** Every entity, for the DataSource. */
export const ENTITIES = [
  Source,
  SyncRun,
  Device,
  Software,
  SoftwareMatch,
  Installation,
  Exposure,
  ExposureEvidence,
  ExposureException,
  ExposureSnapshot,
  ReportSchedule,
  Report,
  WebhookEndpoint,
  WebhookEvent,
  WebhookDelivery,
  WebhookAttempt,
  ApiKey,
  AuditLog,
  Job,
  SystemState,
  EmailDelivery,
  EmailAttempt,
  DownloadLink,
];
