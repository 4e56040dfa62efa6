import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A report produced on a cron schedule in a time zone. */
@Entity({ name: 'report_schedule' })
export class ReportSchedule {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  @Column({ type: 'text', name: 'name' })
  name!: string;

  @Column({ type: 'text', name: 'cron' })
  cron!: string;

  @Column({ type: 'text', name: 'timezone' })
  timezone!: string;

  @Column({ type: 'text', name: 'report_type' })
  reportType!: string;

  @Column({ type: 'text', name: 'format' })
  format!: 'xlsx' | 'csv';

  @Column({ type: 'jsonb', name: 'filters' })
  filters!: Record<string, unknown>;

  /** Each report it queues asks for an evidence pack. */
  @Column({ type: 'boolean', name: 'evidence' })
  evidence!: boolean;

  @Column({ type: 'boolean', name: 'enabled' })
  enabled!: boolean;

  @Column({ type: 'integer', name: 'keep_count', nullable: true })
  keepCount!: number | null;

  @Column({ type: 'integer', name: 'keep_days', nullable: true })
  keepDays!: number | null;

  @Column({ type: 'timestamptz', name: 'last_run_at', nullable: true })
  lastRunAt!: Date | null;

  @Column({ type: 'text', name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  /** Who gets each report by email, and the subject; null = no mail. */
  @Column({ type: 'jsonb', name: 'email', nullable: true })
  email!: ScheduleEmail | null;
}

/** A schedule's mail settings, as validated by the reports lib. */
export interface ScheduleEmail {
  to: string[];
  cc: string[];
  /** With {placeholders} filled from the report (see libs/reports/src/email/report-mail.ts). */
  subject: string;
}
