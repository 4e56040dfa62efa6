import { dueDate, isOverdue } from './due-date';

const d = (s: string) => new Date(s);

describe('dueDate', () => {
  it('counts the window from the remediation start when the title was seen before it', () => {
    expect(dueDate(d('2024-06-01T10:00:00Z'), d('2024-09-29T00:00:00Z'), 30)).toEqual(
      d('2024-10-29T00:00:00Z'),
    );
  });
  it('counts the window from first detection when that is later than the remediation start', () => {
    expect(dueDate(d('2026-11-20T08:30:00Z'), d('2024-09-29T00:00:00Z'), 30)).toEqual(
      d('2026-12-20T08:30:00Z'),
    );
  });
  it('is due at once for a zero-day window', () => {
    expect(dueDate(d('2026-01-02T00:00:00Z'), d('2018-10-01T00:00:00Z'), 0)).toEqual(
      d('2026-01-02T00:00:00Z'),
    );
  });
});

describe('isOverdue', () => {
  const now = d('2026-11-28T00:00:00Z');
  it('is overdue when open and the due date has passed', () => {
    expect(isOverdue({ status: 'open', dueAt: d('2026-11-27T00:00:00Z') }, now)).toBe(true);
  });
  it('is not overdue before the due date', () => {
    expect(isOverdue({ status: 'open', dueAt: d('2026-11-29T00:00:00Z') }, now)).toBe(false);
  });
  it('is never overdue while excepted or resolved', () => {
    expect(isOverdue({ status: 'excepted', dueAt: d('2020-01-01T00:00:00Z') }, now)).toBe(false);
    expect(isOverdue({ status: 'resolved', dueAt: d('2020-01-01T00:00:00Z') }, now)).toBe(false);
  });
});
