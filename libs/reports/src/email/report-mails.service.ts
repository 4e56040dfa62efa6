import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendAudit, queryRows, isUuid } from '@interdict/database';
import type { Requester } from '../jobs/report-views';
import { ReportError } from '../reports.errors';
import { MailOutbox, type MailView } from './mail-outbox';

/** Report mail for the API: what was sent to whom with each try's answer, and sending a given-up mail again. */
@Injectable()
export class ReportMails {
  private readonly outbox = new MailOutbox();

  constructor(private readonly dataSource: DataSource) {}

  forReport(reportId: string): Promise<MailView[]> {
    if (!isUuid(reportId)) throw new ReportError('report_not_found', `No report ${reportId}`, 'id');
    return this.outbox.list(this.dataSource, { reportId });
  }

  forSchedule(scheduleId: string, limit = 20): Promise<MailView[]> {
    if (!isUuid(scheduleId))
      throw new ReportError('schedule_not_found', `No report schedule ${scheduleId}`, 'id');
    return this.outbox.list(this.dataSource, { scheduleId }, limit);
  }

  /** Queues a dead mail again (after the SMTP settings or recipients were fixed); the same Message-ID is kept. */
  async resend(id: string, who: Requester): Promise<MailView> {
    return this.dataSource.transaction(async (tx) => {
      if (!isUuid(id) || !(await this.outbox.requeue(tx, id))) {
        const [row] = isUuid(id)
          ? await queryRows<{ status: string }>(tx, `SELECT status FROM email_delivery WHERE id = $1`, [id])
          : [];
        if (!row) throw new ReportError('mail_not_found', `No report mail ${id}`, 'id');
        throw new ReportError(
          'report_not_ready',
          `Report mail ${id} is ${row.status}; only a given-up (dead) mail can be sent again`,
        );
      }
      await appendAudit(tx, who, {
        action: 'report.mail.resent',
        targetType: 'email_delivery',
        targetId: id,
      });
      const [view] = await this.outbox.list(tx, { id });
      return view;
    });
  }
}
