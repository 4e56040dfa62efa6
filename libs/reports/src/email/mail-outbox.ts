import type { DataSource, EntityManager } from 'typeorm';
import {
  queryRows,
  type EmailAttempt,
  type EmailDelivery,
  type MailRecipients,
  type Row,
} from '@interdict/database';

type Runner = DataSource | EntityManager;

/** A mail in the outbox as stored. */
export type MailRow = Row<EmailDelivery>;

/** A mail as the API shows it, with its send log. */
export interface MailView {
  id: string;
  reportId: string;
  scheduleId: string | null;
  messageId: string;
  to: string[];
  cc: string[];
  subject: string;
  status: MailRow['status'];
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  rejected: { address: string; response: string }[];
  createdAt: string;
  sentAt: string | null;
  log: { at: string; outcome: string; smtpResponse: string | null; error: string | null }[];
}

/** What one send came to. */
export type SendOutcome =
  | { kind: 'sent'; smtpResponse: string; rejected: { address: string; response: string }[] }
  | { kind: 'retry'; error: string; nextAttemptAt: Date }
  | { kind: 'dead'; error: string; rejected?: { address: string; response: string }[] };

const COLUMNS = `id, report_id, schedule_id, message_id, recipients, subject, status, attempts, next_attempt_at,
  lease_until, last_error, rejected, created_at, sent_at`;

/** The email outbox: one row per scheduled report's mail, claimed with a lease, its sends logged. */
export class MailOutbox {
  /** Adds a report's mail in the caller's transaction (the one that marks the report succeeded). */
  async enqueue(
    tx: EntityManager,
    mail: {
      reportId: string;
      scheduleId: string;
      messageId: string;
      recipients: MailRecipients;
      subject: string;
    },
  ): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      tx,
      `INSERT INTO email_delivery (report_id, schedule_id, message_id, recipients, subject)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [mail.reportId, mail.scheduleId, mail.messageId, JSON.stringify(mail.recipients), mail.subject],
    );
    return row.id;
  }

  /**
   * Claims due mail with FOR UPDATE SKIP LOCKED and a lease. A row still `sending` whose lease ran out belonged to a
   * worker that stopped mid-send: it is logged as interrupted and sent again with the same Message-ID.
   */
  async claim(runner: Runner, limit: number, leaseMs: number): Promise<MailRow[]> {
    return queryRows<MailRow>(
      runner,
      `WITH due AS (
         SELECT id, status = 'sending' AS interrupted FROM email_delivery
          WHERE (status = 'pending' AND next_attempt_at <= now()) OR (status = 'sending' AND lease_until < now())
          ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
       ), logged AS (
         INSERT INTO email_attempt (delivery_id, attempted_at, outcome, error)
         SELECT id, now(), 'interrupted', 'the worker sending this mail stopped before recording the outcome; sent again with the same Message-ID'
           FROM due WHERE interrupted
       )
       UPDATE email_delivery m SET status = 'sending', attempts = m.attempts + 1,
              lease_until = now() + make_interval(secs => $2::double precision / 1000)
         FROM due WHERE m.id = due.id
       RETURNING ${COLUMNS.split(',')
         .map((c) => `m.${c.trim()}`)
         .join(', ')}`,
      [limit, leaseMs],
    );
  }

  /** Records one send's outcome, if this worker still holds the mail. */
  async record(runner: Runner, id: string, outcome: SendOutcome): Promise<void> {
    const at = new Date();
    if (outcome.kind === 'sent') {
      await runner.query(
        `WITH m AS (UPDATE email_delivery SET status = 'sent', sent_at = $2, lease_until = NULL, last_error = NULL,
                      rejected = $3 WHERE id = $1 RETURNING id)
         INSERT INTO email_attempt (delivery_id, attempted_at, outcome, smtp_response, error)
         SELECT id, $2, 'sent', $4, $5 FROM m`,
        [
          id,
          at,
          JSON.stringify(outcome.rejected),
          outcome.smtpResponse.slice(0, 1000),
          outcome.rejected.length ? `refused: ${outcome.rejected.map((r) => r.address).join(', ')}` : null,
        ],
      );
      return;
    }
    await runner.query(
      `WITH m AS (UPDATE email_delivery SET status = $2, next_attempt_at = coalesce($3, next_attempt_at),
                    lease_until = NULL, last_error = $4, rejected = coalesce($6, rejected)
                  WHERE id = $1 RETURNING id)
       INSERT INTO email_attempt (delivery_id, attempted_at, outcome, error) SELECT id, $5, $7, $4 FROM m`,
      [
        id,
        outcome.kind === 'dead' ? 'dead' : 'pending',
        outcome.kind === 'retry' ? outcome.nextAttemptAt : null,
        outcome.error.slice(0, 2000),
        at,
        outcome.kind === 'dead' && outcome.rejected ? JSON.stringify(outcome.rejected) : null,
        outcome.kind,
      ],
    );
  }

  /** Gives back claimed mail that was not sent (the worker is stopping): due again at once, the try not counted. */
  async release(runner: Runner, ids: string[]): Promise<void> {
    await runner.query(
      `UPDATE email_delivery SET status = 'pending', lease_until = NULL, attempts = attempts - 1
        WHERE id = ANY ($1::uuid[]) AND status = 'sending'`,
      [ids],
    );
  }

  /** Puts a dead mail back in the queue (an operator fixed the SMTP settings or the recipients). */
  async requeue(runner: Runner, id: string): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      runner,
      `UPDATE email_delivery SET status = 'pending', next_attempt_at = now(), attempts = 0 WHERE id = $1 AND status = 'dead'
       RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  /** The mails of one report, or the latest of one schedule, with their send logs. */
  async list(
    runner: Runner,
    by: { id?: string; reportId?: string; scheduleId?: string },
    limit = 20,
  ): Promise<MailView[]> {
    const rows = await queryRows<MailRow>(
      runner,
      `SELECT ${COLUMNS} FROM email_delivery
        WHERE ($1::uuid IS NULL OR report_id = $1) AND ($2::uuid IS NULL OR schedule_id = $2)
          AND ($4::uuid IS NULL OR id = $4)
        ORDER BY created_at DESC, id LIMIT $3`,
      [by.reportId ?? null, by.scheduleId ?? null, limit, by.id ?? null],
    );
    if (!rows.length) return [];
    const attempts = await queryRows<Row<EmailAttempt>>(
      runner,
      `SELECT * FROM email_attempt WHERE delivery_id = ANY ($1::uuid[]) ORDER BY attempted_at, id`,
      [rows.map((r) => r.id)],
    );
    return rows.map((r) =>
      toMailView(
        r,
        attempts.filter((a) => a.delivery_id === r.id),
      ),
    );
  }
}

function toMailView(r: MailRow, attempts: Row<EmailAttempt>[]): MailView {
  return {
    id: r.id,
    reportId: r.report_id,
    scheduleId: r.schedule_id,
    messageId: r.message_id,
    to: r.recipients.to,
    cc: r.recipients.cc,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
    lastError: r.last_error,
    rejected: r.rejected,
    createdAt: r.created_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
    log: attempts.map((a) => ({
      at: a.attempted_at.toISOString(),
      outcome: a.outcome,
      smtpResponse: a.smtp_response,
      error: a.error,
    })),
  };
}
