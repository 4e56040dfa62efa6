import type { Response } from 'express';

/**
 * Answers with JSON text that was serialised once and cached: hot read endpoints (summary, finding pages) would
 * otherwise spend much of their CPU re-serialising the same tens of kilobytes on every request.
 */
export function sendJsonText(res: Response, text: string): string {
  res.type('application/json');
  return text;
}
