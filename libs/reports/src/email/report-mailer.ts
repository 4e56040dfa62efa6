import { Inject, Injectable } from '@nestjs/common';
import type { SentMessageInfo, Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { Config, publicBaseUrl } from '@interdict/config';
import { afterFailure, queryRows, type ReportHeadline } from '@interdict/database';
import { getLogger, RepeatedFailureLog } from '@interdict/logger';
import { outboundPolicyFromConfig, type OutboundPolicy } from '@interdict/outbound';
import { DownloadLinks } from '../links/download-links';
import { REPORT_CONTENT_TYPES, type ReportFormat } from '../report-definition';
import { ReportError } from '../reports.errors';
import { REPORT_STORAGE, type ReportStorage } from '../storage/report-storage';
import { MailOutbox, type MailRow, type SendOutcome } from './mail-outbox';
import { parseRecipient } from './mail-settings';
import { mailHtml, mailText, type MailFacts } from './report-mail';
import { smtpTransport } from './smtp-transport';

const log = getLogger('ReportMailer');
const CLAIM_PER_CONNECTION = 8;
// A transport is rebuilt (and the host resolved and checked again) after this long or after a connection failure.
const TRANSPORT_MAX_AGE_MS = 10 * 60_000;

interface MailReport {
  id: string;
  status: string;
  format: ReportFormat;
  report_type: string;
  file_name: string | null;
  storage_key: string | null;
  size_bytes: string | null;
  row_count: number | null;
  deleted_at: Date | null;
  headline: ReportHeadline | null;
  schedule_name: string | null;
}

/** A send that must not go out; the mail is given up with this message. */
class Undeliverable extends Error {}

/**
 * Sends scheduled reports' mail from the outbox: claims due mail with a lease, sends each through a pooled SMTP
 * transport, records the outcome and retries with backoff. At least once: a worker killed between the server's
 * acceptance and the record sends it again, with the same Message-ID, so the receiving server can drop the copy.
 */
@Injectable()
export class ReportMailer {
  private readonly outbox = new MailOutbox();
  private readonly policy: OutboundPolicy;
  private transport: { t: Transporter<SentMessageInfo>; madeAt: number } | null = null;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private stopping = false;
  private readonly failures = new RepeatedFailureLog(log, 'mail outbox polling failed');

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
    @Inject(REPORT_STORAGE) private readonly storage: ReportStorage,
    private readonly links: DownloadLinks,
  ) {
    this.policy = outboundPolicyFromConfig(config, 'email');
  }

  /** Whether mail can be sent at all (an SMTP host is configured). */
  get configured(): boolean {
    return Boolean(this.config.email.smtp.host);
  }

  /**
   * Sends one short mail now, outside the outbox, to check the SMTP settings from the API ("test connection").
   * Fails with the same one-line reasons the outbox records; the password never appears in them.
   */
  async sendTest(to: string): Promise<{ response: string; accepted: string[]; rejected: string[] }> {
    if (!this.configured) {
      throw new ReportError(
        'email_not_configured',
        'No SMTP server is set: set email.smtp.host (SMTP_HOST) and email.from',
      );
    }
    const recipient = parseRecipient(to, 'to');
    let transport: Transporter<SentMessageInfo> | undefined;
    try {
      transport = await smtpTransport(this.config, this.policy);
      const info = await transport.sendMail({
        from: this.config.email.from,
        to: recipient,
        subject: `${this.config.orgName}: Interdict test mail`,
        text: `This mail checks Interdict's SMTP settings (${this.config.email.smtp.host}). Scheduled reports will come from this address.\n`,
      });
      return {
        response: String(info.response ?? ''),
        accepted: info.accepted as string[],
        rejected: info.rejected as string[],
      };
    } catch (err) {
      if (err instanceof ReportError) throw err;
      throw new ReportError('smtp_failed', describeSmtpError(err, this.config.email.smtp.host));
    } finally {
      transport?.close();
    }
  }

  start(): void {
    if (!this.configured) {
      log.warn('email.smtp.host is not set: scheduled report mail waits in the outbox until it is');
      return;
    }
    this.stopping = false;
    this.timer = setInterval(() => void this.drain(), this.config.email.pollIntervalMs);
    void this.drain();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.draining;
    this.transport?.t.close();
    this.transport = null;
  }

  /** Sends due mail until none is left; overlapping calls share one loop. */
  drain(): Promise<void> {
    this.draining ??= this.loop()
      .then(() => this.failures.succeeded())
      .catch((err: unknown) => this.failures.failed(err))
      .finally(() => (this.draining = undefined));
    return this.draining;
  }

  /**
   * Claims a few sends' worth at a time and keeps `concurrency` sends going through it, so a slow mail does not
   * hold the others back; the batch is small enough to finish well within its lease.
   */
  private async loop(): Promise<void> {
    const { concurrency, leaseMs } = this.config.email;
    while (!this.stopping) {
      const batch = await this.outbox.claim(this.dataSource, concurrency * CLAIM_PER_CONNECTION, leaseMs);
      if (!batch.length) return;
      let next = 0;
      const lane = async () => {
        while (next < batch.length && !this.stopping) await this.deliver(batch[next++]);
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, lane));
      // Stopping: what was claimed and not begun goes back now, not when its lease runs out.
      if (next < batch.length)
        await this.outbox.release(
          this.dataSource,
          batch.slice(next).map((m) => m.id),
        );
    }
  }

  /** One send of one mail, its outcome recorded; never throws. */
  private async deliver(mail: MailRow): Promise<void> {
    let outcome: SendOutcome;
    try {
      outcome = await this.send(mail);
    } catch (err) {
      outcome = this.failureOutcome(mail, err);
    }
    if (outcome.kind !== 'sent') {
      log.warn(
        { mailId: mail.id, reportId: mail.report_id, outcome: outcome.kind, error: outcome.error },
        'report mail not sent',
      );
    }
    await this.outbox.record(this.dataSource, mail.id, outcome).catch((err: unknown) =>
      // The lease runs out and the mail is sent again, with its Message-ID: late rather than lost.
      log.error({ err, mailId: mail.id }, 'could not record a mail outcome'),
    );
  }

  private async send(mail: MailRow): Promise<SendOutcome> {
    const report = await this.findReport(mail.report_id);
    const facts = await this.factsFor(mail, report);
    // Opened before the SMTP transaction, so a missing file fails here and no mail goes out without its attachment.
    const attachment = facts.file.kind === 'attached' ? await this.storage.get(report.storage_key!) : null;
    const transport = await this.currentTransport();
    const info = await transport.sendMail({
      from: this.config.email.from,
      to: mail.recipients.to,
      cc: mail.recipients.cc,
      subject: mail.subject,
      messageId: mail.message_id,
      text: mailText(facts),
      html: mailHtml(facts),
      headers: { 'X-Interdict-Report-Id': report.id },
      attachments: attachment
        ? [
            {
              filename: report.file_name!,
              content: attachment.body,
              contentType: REPORT_CONTENT_TYPES[report.format],
            },
          ]
        : [],
    });
    const rejected = (info.rejected ?? []).map((address: string) => ({
      address,
      response:
        (info.rejectedErrors as { recipient?: string; response?: string }[] | undefined)?.find(
          (e) => e.recipient === address,
        )?.response ?? 'refused',
    }));
    log.info(
      { mailId: mail.id, reportId: report.id, accepted: info.accepted?.length, rejected: rejected.length },
      'report mail sent',
    );
    return { kind: 'sent', smtpResponse: String(info.response ?? ''), rejected };
  }

  private async findReport(reportId: string): Promise<MailReport> {
    const [report] = await queryRows<MailReport>(
      this.dataSource,
      `SELECT r.id, r.status, r.format, r.report_type, r.file_name, r.storage_key, r.size_bytes, r.row_count,
              r.deleted_at, r.headline, s.name AS schedule_name
         FROM report r LEFT JOIN report_schedule s ON s.id = r.schedule_id WHERE r.id = $1`,
      [reportId],
    );
    if (!report || report.status !== 'succeeded' || !report.storage_key || report.deleted_at) {
      throw new Undeliverable(
        `report ${reportId} no longer has a file to send (removed by retention or deleted)`,
      );
    }
    if (!report.headline) throw new Undeliverable(`report ${reportId} has no headline numbers to send`);
    return report;
  }

  /** Attached up to email.attachMaxBytes, else a link (the one made for an earlier try of this mail, if still good). */
  private async factsFor(mail: MailRow, report: MailReport): Promise<MailFacts> {
    const sizeBytes = Number(report.size_bytes ?? 0);
    let file: MailFacts['file'] = { kind: 'attached' };
    if (sizeBytes > this.config.email.attachMaxBytes) {
      const hours = this.config.email.linkTtlHours;
      const link =
        (await this.links.forMail(mail.id, Math.min(24, hours / 2))) ??
        (await this.links.create(report.id, {
          hours,
          who: { type: 'system', id: null, name: 'email' },
          emailDeliveryId: mail.id,
        }));
      file = { kind: 'link', url: link.url, expiresAt: new Date(link.expiresAt) };
    }
    return {
      orgName: this.config.orgName,
      scheduleName: report.schedule_name ?? 'Scheduled report',
      reportType: report.report_type,
      fileName: report.file_name!,
      sizeBytes,
      rowCount: report.row_count ?? 0,
      headline: report.headline!,
      dashboardUrl: publicBaseUrl(this.config.http),
      file,
    };
  }

  private async currentTransport(): Promise<Transporter<SentMessageInfo>> {
    if (this.transport && Date.now() - this.transport.madeAt < TRANSPORT_MAX_AGE_MS) return this.transport.t;
    this.transport?.t.close();
    this.transport = { t: await smtpTransport(this.config, this.policy), madeAt: Date.now() };
    return this.transport.t;
  }

  /**
   * Retry what a later try can fix (server down, busy, throttling, wrong password or sender until someone fixes the
   * settings); give up at once on what it cannot (every recipient refused, message refused, file gone).
   */
  private failureOutcome(mail: MailRow, err: unknown): SendOutcome {
    const e = err as {
      code?: string;
      responseCode?: number;
      permanent?: boolean;
      response?: string;
      rejectedErrors?: { recipient?: string; response?: string }[];
    };
    const message = describeSmtpError(err, this.config.email.smtp.host);
    if (err instanceof Undeliverable) return { kind: 'dead', error: message };
    if (err instanceof ReportError && err.code === 'report_file_not_found') {
      return { kind: 'dead', error: `${err.message}: not sent, so no mail goes out without its report` };
    }
    if (e.code === 'ESOCKET' || e.code === 'ECONNECTION' || e.code === 'ETIMEDOUT' || e.code === 'EDNS') {
      this.transport?.t.close();
      this.transport = null;
    }
    if (
      e.code === 'EENVELOPE' &&
      e.rejectedErrors?.length &&
      e.rejectedErrors.every((r) => (r as { permanent?: boolean }).permanent)
    ) {
      const rejected = e.rejectedErrors.map((r) => ({
        address: r.recipient ?? '?',
        response: r.response ?? 'refused',
      }));
      return { kind: 'dead', error: message, rejected };
    }
    if (e.code === 'EMESSAGE' && e.permanent) return { kind: 'dead', error: message };
    const next = afterFailure(
      { scheduleSeconds: this.config.email.retryScheduleSeconds, maxAttempts: this.config.email.maxAttempts },
      mail.attempts,
      new Date(),
    );
    return next.dead
      ? { kind: 'dead', error: `${message} (gave up after ${mail.attempts} tries)` }
      : { kind: 'retry', error: message, nextAttemptAt: next.nextAttemptAt };
  }
}

/** One line that says what failed and where, without credentials. */
export function describeSmtpError(err: unknown, host: string | undefined): string {
  if (err instanceof Undeliverable) return err.message;
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  const where = `SMTP server ${host ?? '(none)'}`;
  switch (e.code) {
    case 'EAUTH':
      return `${where} refused the credentials of email.smtp.user (${e.response ?? e.message})`;
    case 'ECONNECTION':
    case 'ESOCKET':
      return `${where} is unreachable: ${e.message}`;
    case 'ETIMEDOUT':
      return `${where} did not answer in time: ${e.message}`;
    case 'EDNS':
      return `${where} does not resolve: ${e.message}`;
    case 'ETLS':
      return `${where}: TLS failed: ${e.message}`;
    case 'EENVELOPE':
      return `${where} refused the recipients or sender: ${e.response ?? e.message}`;
    case 'EMESSAGE':
      return `${where} refused the message: ${e.response ?? e.message}`;
    case undefined:
    default:
      return `${where}: ${e.message ?? String(err)}`;
  }
}
