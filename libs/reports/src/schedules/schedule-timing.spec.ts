import { nextScheduledRun } from './schedule-timing';

describe('nextScheduledRun', () => {
  it('runs Monday 07:00 in the schedule time zone, not in UTC', () => {
    const next = nextScheduledRun('0 7 * * 1', 'Europe/Paris', new Date('2026-11-28T05:00:00Z'));
    expect(next.toISOString()).toBe('2026-11-30T06:00:00.000Z');
  });

  it('follows daylight saving time', () => {
    const next = nextScheduledRun('0 7 * * *', 'America/New_York', new Date('2026-07-01T00:00:00Z'));
    expect(next.toISOString()).toBe('2026-07-01T11:00:00.000Z');
  });

  it('refuses an unknown time zone by field', () => {
    expect(() => nextScheduledRun('0 7 * * 1', 'Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'invalid_schedule', field: 'timezone' }),
    );
  });

  it.each(['bad', '* * * * * *', '61 * * * *', ''])('refuses the cron %j by field', (cron) => {
    expect(() => nextScheduledRun(cron, 'UTC')).toThrow(expect.objectContaining({ field: 'cron' }));
  });
});
