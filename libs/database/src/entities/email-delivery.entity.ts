import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Who a scheduled report's mail goes to. */
export interface MailRecipients {
  to: string[];
  cc: string[];
}

/** Recipients the SMTP server refused (a jsonb list). */
export type RejectedRecipients = RejectedRecipient[];

/** A recipient the SMTP server refused, with its answer. */
export interface RejectedRecipient {
  address: string;
  response: string;
}

/** One scheduled report's mail in the outbox: made with the report, sent (and retried) by a worker. */
@Entity({ name: 'email_delivery' })
export class EmailDelivery {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ type: 'uuid', name: 'report_id' })
  reportId!: string;

  @Column({ type: 'uuid', name: 'schedule_id', nullable: true })
  scheduleId!: string | null;

  /** Fixed at creation: every send of this mail carries it, so a receiving server can drop a resent copy. */
  @Column({ type: 'text', name: 'message_id' })
  messageId!: string;

  @Column({ type: 'jsonb', name: 'recipients' })
  recipients!: MailRecipients;

  @Column({ type: 'text', name: 'subject' })
  subject!: string;

  @Column({ type: 'text', name: 'status' })
  status!: 'pending' | 'sending' | 'sent' | 'dead';

  @Column({ type: 'integer', name: 'attempts' })
  attempts!: number;

  @Column({ type: 'timestamptz', name: 'next_attempt_at' })
  nextAttemptAt!: Date;

  @Column({ type: 'timestamptz', name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError!: string | null;

  /** Recipients the server refused, with its answer; the others got the mail. */
  @Column({ type: 'jsonb', name: 'rejected' })
  rejected!: RejectedRecipients;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'sent_at', nullable: true })
  sentAt!: Date | null;
}

/** The log line of one send of a mail. */
@Entity({ name: 'email_attempt' })
export class EmailAttempt {
  @PrimaryGeneratedColumn('identity', { name: 'id', type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'uuid', name: 'delivery_id' })
  deliveryId!: string;

  @Column({ type: 'timestamptz', name: 'attempted_at' })
  attemptedAt!: Date;

  /** interrupted: a worker took the mail and stopped before it could record what happened. */
  @Column({ type: 'text', name: 'outcome' })
  outcome!: 'sent' | 'retry' | 'dead' | 'interrupted';

  @Column({ type: 'text', name: 'smtp_response', nullable: true })
  smtpResponse!: string | null;

  @Column({ type: 'text', name: 'error', nullable: true })
  error!: string | null;
}

/** A signed, expiring, revocable link to one report file, for people without an API key. */
@Entity({ name: 'download_link' })
export class DownloadLink {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ type: 'uuid', name: 'report_id' })
  reportId!: string;

  @Column({ type: 'uuid', name: 'email_delivery_id', nullable: true })
  emailDeliveryId!: string | null;

  @Column({ type: 'text', name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'text', name: 'revoked_by', nullable: true })
  revokedBy!: string | null;

  @Column({ type: 'integer', name: 'use_count' })
  useCount!: number;

  @Column({ type: 'timestamptz', name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;
}
