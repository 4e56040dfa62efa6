import { CronTime } from 'cron';
import { ReportError } from '../reports.errors';

/**
 * Checks a schedule's cron (five fields: minute hour day-of-month month day-of-week) and IANA time zone and
 * returns the next run after `from`. Seconds-level crons are refused: a report every second is a mistake.
 */
export function nextScheduledRun(cron: string, timezone: string, from = new Date()): Date {
  if (typeof timezone !== 'string' || !isTimeZone(timezone)) {
    throw new ReportError(
      'invalid_schedule',
      `timezone "${String(timezone)}" is not an IANA time zone such as Europe/Paris`,
      'timezone',
    );
  }
  if (typeof cron !== 'string' || cron.trim().split(/\s+/).length !== 5) {
    throw new ReportError(
      'invalid_schedule',
      'cron must have five fields: minute hour day-of-month month day-of-week',
      'cron',
    );
  }
  let time: CronTime;
  try {
    time = new CronTime(cron.trim(), timezone);
  } catch (err) {
    throw new ReportError(
      'invalid_schedule',
      `cron "${cron}" is not valid: ${(err as Error).message}`,
      'cron',
    );
  }
  return time.getNextDateFrom(from, timezone).toJSDate();
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}
