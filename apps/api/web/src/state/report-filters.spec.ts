import { reportFiltersOf } from './report-filters';

describe('the report for a list view', () => {
  it('carries product, rule, platform, source and status', () => {
    expect(
      reportFiltersOf({ product: 'tiktok', platform: 'ios', status: 'excepted', sort: 'dueAt' }),
    ).toEqual({
      filters: { product: ['tiktok'], platform: ['ios'], status: ['excepted'] },
      dropped: [],
    });
  });

  it('selects overdue and review exposures by the status the report knows them by', () => {
    expect(reportFiltersOf({ overdue: 'true', status: 'open' }).filters.status).toEqual(['overdue']);
    expect(reportFiltersOf({ overdue: 'true' })).toEqual({ filters: { status: ['overdue'] }, dropped: [] });
    expect(reportFiltersOf({ standing: 'review' })).toEqual({ filters: { status: ['review'] }, dropped: [] });
  });

  it('asks for every status when the exposure list names none (a report alone means open ones)', () => {
    expect(reportFiltersOf({}, true).filters.status).toEqual(['open', 'excepted', 'resolved']);
    expect(reportFiltersOf({}).filters.status).toBeUndefined();
  });

  it('carries the search and the severity', () => {
    expect(reportFiltersOf({ q: 'pc-1', severity: 'high' })).toEqual({
      filters: { search: ['pc-1'], severity: ['high'] },
      dropped: [],
    });
  });

  it('names the filters a report cannot express', () => {
    expect(reportFiltersOf({ q: 'pc-1', overdue: 'false', standing: 'binding' }).dropped).toEqual([
      'overdue',
      'standing',
    ]);
    // Overdue among resolved exposures is none: the status wins, overdue is named as left out.
    expect(reportFiltersOf({ overdue: 'true', status: 'resolved' })).toEqual({
      filters: { status: ['resolved'] },
      dropped: ['overdue'],
    });
    expect(reportFiltersOf({ exposed: 'true', stale: 'false' }).dropped).toEqual(['exposed', 'stale']);
  });
});
