import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Config, publicBaseUrl } from '@interdict/config';
import {
  appendAudit,
  derivedKeyFromConfig,
  queryRows,
  type DownloadLink,
  type Row,
  isUuid,
} from '@interdict/database';
import { ReportError } from '../reports.errors';
import type { Requester } from '../jobs/report-views';

type LinkRow = Row<DownloadLink>;

/** A download link as the API shows it; `url` only when it is made (like a key, it is shown once). */
export interface DownloadLinkView {
  id: string;
  reportId: string;
  emailDeliveryId: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  useCount: number;
  lastUsedAt: string | null;
  url?: string;
}

const TOKEN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;
export const MAX_LINK_HOURS = 24 * 90;

function toView(r: LinkRow): DownloadLinkView {
  return {
    id: r.id,
    reportId: r.report_id,
    emailDeliveryId: r.email_delivery_id,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
    revokedBy: r.revoked_by,
    useCount: r.use_count,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
  };
}

/**
 * Links that fetch one report file without an API key (for the people a scheduled report is mailed to). The URL
 * carries the link's id and an HMAC over id, report and expiry under a key derived from the encryption key: nobody
 * can forge or widen one. The row makes it revocable and counts its uses; every use, and every refused try, is in
 * the audit log.
 */
@Injectable()
export class DownloadLinks {
  private readonly key: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
  ) {
    this.key = derivedKeyFromConfig(config, 'download-link');
  }

  /** Makes a link to a succeeded report's file; `tx` lets a caller make it with other rows. */
  async create(
    reportId: string,
    opts: { hours: number; who: Requester; emailDeliveryId?: string; tx?: EntityManager },
  ): Promise<DownloadLinkView & { url: string }> {
    if (!Number.isInteger(opts.hours) || opts.hours < 1 || opts.hours > MAX_LINK_HOURS) {
      throw new ReportError(
        'invalid_link',
        `expiresInHours must be a whole number from 1 to ${MAX_LINK_HOURS}`,
        'expiresInHours',
      );
    }
    const run = async (tx: EntityManager) => {
      const [report] = isUuid(reportId)
        ? await queryRows<{ status: string; deleted_at: Date | null }>(
            tx,
            `SELECT status, deleted_at FROM report WHERE id = $1 FOR SHARE`,
            [reportId],
          )
        : [];
      if (!report) throw new ReportError('report_not_found', `No report ${reportId}`, 'id');
      if (report.status !== 'succeeded' || report.deleted_at) {
        throw new ReportError(
          'report_not_ready',
          `Report ${reportId} has no file to link to (it is ${report.deleted_at ? 'removed' : report.status})`,
        );
      }
      const [row] = await queryRows<LinkRow>(
        tx,
        `INSERT INTO download_link (report_id, email_delivery_id, created_by, expires_at)
         VALUES ($1, $2, $3, date_trunc('second', now()) + make_interval(hours => $4)) RETURNING *`,
        [reportId, opts.emailDeliveryId ?? null, opts.who.name, opts.hours],
      );
      await appendAudit(tx, opts.who, {
        action: 'report.link.created',
        targetType: 'report',
        targetId: reportId,
        after: {
          linkId: row.id,
          expiresAt: row.expires_at.toISOString(),
          emailDeliveryId: row.email_delivery_id,
        },
      });
      return { ...toView(row), url: this.urlOf(row) };
    };
    return opts.tx ? run(opts.tx) : this.dataSource.transaction(run);
  }

  /** An unexpired, unrevoked link made for one mail, to reuse when the mail is sent again. */
  async forMail(
    emailDeliveryId: string,
    minHoursLeft: number,
  ): Promise<(DownloadLinkView & { url: string }) | null> {
    const [row] = await queryRows<LinkRow>(
      this.dataSource,
      `SELECT * FROM download_link WHERE email_delivery_id = $1 AND revoked_at IS NULL
          AND expires_at > now() + make_interval(hours => $2) ORDER BY expires_at DESC LIMIT 1`,
      [emailDeliveryId, minHoursLeft],
    );
    return row ? { ...toView(row), url: this.urlOf(row) } : null;
  }

  /**
   * Checks a link's token and counts its use; returns the report to serve. A refusal says why (unknown, expired,
   * revoked) without telling a guesser whether an id exists, and is audited like a use.
   */
  async use(token: string, who: Requester): Promise<{ reportId: string; linkId: string }> {
    const m = TOKEN.exec(token);
    const row = m && isUuid(m[1]) ? await this.find(m[1]) : undefined;
    const refuse = async (code: 'link_not_found' | 'link_expired' | 'link_revoked', message: string) => {
      await appendAudit(this.dataSource, who, {
        action: 'report.link.refused',
        targetType: row ? 'report' : null,
        targetId: row?.report_id ?? null,
        after: { linkId: row?.id ?? null, reason: code },
      });
      throw new ReportError(code, message);
    };
    if (!row || !m || !this.signatureMatches(row, m[2]))
      return refuse('link_not_found', 'This download link is not valid');
    if (row.revoked_at) return refuse('link_revoked', 'This download link was revoked; ask for a new one');
    if (row.expires_at.getTime() <= Date.now()) {
      return refuse(
        'link_expired',
        `This download link expired on ${row.expires_at.toISOString()}; ask for a new one`,
      );
    }
    await this.dataSource.transaction(async (tx) => {
      await tx.query(
        `UPDATE download_link SET use_count = use_count + 1, last_used_at = now() WHERE id = $1`,
        [row.id],
      );
      await appendAudit(tx, who, {
        action: 'report.link.used',
        targetType: 'report',
        targetId: row.report_id,
        after: { linkId: row.id, use: row.use_count + 1 },
      });
    });
    return { reportId: row.report_id, linkId: row.id };
  }

  async list(reportId: string): Promise<DownloadLinkView[]> {
    if (!isUuid(reportId)) throw new ReportError('report_not_found', `No report ${reportId}`, 'id');
    const rows = await queryRows<LinkRow>(
      this.dataSource,
      `SELECT * FROM download_link WHERE report_id = $1 ORDER BY created_at DESC, id LIMIT 200`,
      [reportId],
    );
    return rows.map(toView);
  }

  /** Revokes a link at once; revoking a revoked link changes nothing. */
  async revoke(id: string, who: Requester): Promise<DownloadLinkView> {
    return this.dataSource.transaction(async (tx) => {
      const [row] = isUuid(id)
        ? await queryRows<LinkRow>(
            tx,
            `UPDATE download_link SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, $2)
             WHERE id = $1 RETURNING *`,
            [id, who.name],
          )
        : [];
      if (!row) throw new ReportError('link_not_found', `No download link ${id}`, 'id');
      await appendAudit(tx, who, {
        action: 'report.link.revoked',
        targetType: 'report',
        targetId: row.report_id,
        after: { linkId: row.id, revokedAt: row.revoked_at?.toISOString() },
      });
      return toView(row);
    });
  }

  private async find(id: string): Promise<LinkRow | undefined> {
    const [row] = await queryRows<LinkRow>(this.dataSource, `SELECT * FROM download_link WHERE id = $1`, [
      id,
    ]);
    return row;
  }

  private sign(row: Pick<LinkRow, 'id' | 'report_id' | 'expires_at'>): string {
    return createHmac('sha256', this.key)
      .update(`${row.id}.${row.report_id}.${row.expires_at.getTime()}`)
      .digest('base64url');
  }

  private signatureMatches(row: LinkRow, given: string): boolean {
    const want = Buffer.from(this.sign(row));
    const got = Buffer.from(given);
    return want.length === got.length && timingSafeEqual(want, got);
  }

  private urlOf(row: LinkRow): string {
    return `${publicBaseUrl(this.config.http)}/d/${row.id}.${this.sign(row)}`;
  }
}
