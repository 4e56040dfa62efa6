import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import type { ReportDownload } from '@interdict/reports';
import { getLogger } from '@interdict/logger';
import { contentDisposition } from './content-disposition';

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
