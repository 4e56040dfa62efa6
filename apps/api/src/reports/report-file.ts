import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { contentDisposition, type ReportDownload, type ReportDownloadTarget } from '@interdict/reports';
import { getLogger } from '@interdict/logger';

const log = getLogger('ReportFile');

/** Streams an opened report file with its name, type and length; a broken stream ends the response short. */
export async function sendReportFile(res: Response, file: ReportDownload, reportId: string): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(file.sizeBytes));
  res.setHeader('Content-Disposition', contentDisposition(file.fileName));
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.flushHeaders();
  try {
    await pipeline(file.body, res);
  } catch (err) {
    // Headers are gone; the client sees a short body against Content-Length, which is how HTTP says "broken".
    log.warn({ err, reportId }, 'report download interrupted');
    res.destroy();
  }
}

/** Whether the client asked for JSON by name (the dashboard does, to be told a presigned URL, not sent to it). */
export function wantsJson(req: Request): boolean {
  return /\bapplication\/json\b/.test(req.get('accept') ?? '');
}

/**
 * A report download: when storage is set to redirect, a 302 to the bucket's presigned URL (or that URL as JSON to a
 * client that asks for JSON: a script's fetch cannot follow a redirect to another origin without CORS on the
 * bucket, while a browser opening the URL can); else the stream.
 */
export async function sendDownload(
  res: Response,
  target: ReportDownloadTarget,
  reportId: string,
  asJson = false,
): Promise<void> {
  if (target.redirectTo !== undefined) {
    res.setHeader('Cache-Control', 'private, no-store');
    if (asJson) res.status(200).json({ url: target.redirectTo, fileName: target.fileName });
    else res.redirect(302, target.redirectTo);
    return;
  }
  await sendReportFile(res, target, reportId);
}
