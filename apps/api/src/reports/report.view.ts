import { ApiProperty } from '@nestjs/swagger';
import {
  REPORT_FORMATS,
  REPORT_TYPES,
  type ReportFilters,
  type ReportFormat,
  type ReportScheduleView,
  type ReportType,
  type ReportView,
  type EvidencePublicKeyView,
} from '@interdict/reports';
import { ReportFiltersRequest } from './report.request';

/** How far a running report is (written about once a second by the worker rendering it). */
export class ReportProgressResponse {
  @ApiProperty({ example: 'Evidence', description: 'The sheet being written (a CSV: its one table)' })
  sheet!: string;
  @ApiProperty({ description: 'Rows written so far, all sheets' }) rows!: number;
  @ApiProperty({ format: 'date-time', description: 'When this progress was recorded' }) at!: string;
}

/** A report and its status. */
export class ReportResponse implements ReportView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: REPORT_TYPES }) type!: ReportType;
  @ApiProperty({ enum: REPORT_FORMATS }) format!: ReportFormat;
  @ApiProperty({ type: ReportFiltersRequest }) filters!: ReportFilters;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed'] }) status!: ReportView['status'];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) scheduleId!: string | null;
  @ApiProperty({ example: 'analyst-key' }) requestedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Example-Corp_exposure_2026-11-28_0700Z.xlsx' })
  fileName!: string | null;
  @ApiProperty({ type: Number, nullable: true }) sizeBytes!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Rows of the main table' }) rowCount!:
    number | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When retention removed the file',
  })
  deletedAt!: string | null;
  @ApiProperty({
    type: ReportProgressResponse,
    nullable: true,
    description: 'While the report is running: the sheet being written and rows so far; null otherwise',
  })
  progress!: ReportProgressResponse | null;
  @ApiProperty({ description: 'An auditor evidence pack was asked for (docs/evidence-pack.md)' })
  evidence!: boolean;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Size of the stored evidence pack; null while there is none (not asked for, not ready, removed)',
  })
  evidenceSizeBytes!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 (hex) of the stored evidence pack' })
  evidenceSha256!: string | null;
}

/** One page of reports, newest first. */
export class ReportPageResponse {
  @ApiProperty({ type: [ReportResponse] }) items!: ReportResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

/** A schedule's mail settings. */
export class ScheduleEmailResponse {
  @ApiProperty({ type: [String] }) to!: string[];
  @ApiProperty({ type: [String] }) cc!: string[];
  @ApiProperty({ description: 'Subject template' }) subject!: string;
}

/** Where a schedule's latest mail stands. */
export class ScheduleMailStatusResponse {
  @ApiProperty({
    enum: ['pending', 'sending', 'sent', 'dead'],
    description: 'pending: waiting for its next try',
  })
  status!: 'pending' | 'sending' | 'sent' | 'dead';
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'SMTP server smtp.corp.example is unreachable: connect ECONNREFUSED 10.0.0.25:587',
  })
  error!: string | null;
  @ApiProperty({ format: 'uuid' }) reportId!: string;
  @ApiProperty({ format: 'date-time', description: 'When it was sent, or queued' }) at!: string;
}

/** A report schedule. */
export class ReportScheduleResponse implements ReportScheduleView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '0 7 * * 1' }) cron!: string;
  @ApiProperty({ example: 'Europe/Paris' }) timezone!: string;
  @ApiProperty({ enum: REPORT_TYPES }) type!: ReportType;
  @ApiProperty({ enum: REPORT_FORMATS }) format!: ReportFormat;
  @ApiProperty({ type: ReportFiltersRequest }) filters!: ReportFilters;
  @ApiProperty({ description: 'Each report it queues also gets an evidence pack' }) evidence!: boolean;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: Number, nullable: true }) keepCount!: number | null;
  @ApiProperty({ type: Number, nullable: true }) keepDays!: number | null;
  @ApiProperty({
    type: ScheduleEmailResponse,
    nullable: true,
    description: 'Who gets each report by email; null = not mailed',
  })
  email!: ScheduleEmailResponse | null;
  @ApiProperty({
    type: ScheduleMailStatusResponse,
    nullable: true,
    description: 'Its latest mail; null before the first',
  })
  lastMail!: ScheduleMailStatusResponse | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastRunAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextRunAt!: string | null;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** The public key evidence packs are signed with, for auditors to verify them. */
export class EvidencePublicKeyResponse implements EvidencePublicKeyView {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm!: 'Ed25519';
  @ApiProperty({
    example: '3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29',
    description: 'SHA-256 (hex) of the key in DER (SPKI) form; manifest.json names its key by this id',
  })
  keyId!: string;
  @ApiProperty({ example: '-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----\n' })
  publicKeyPem!: string;
}
