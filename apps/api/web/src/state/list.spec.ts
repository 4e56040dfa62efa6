import {
  apiQuery,
  hrefOfView,
  nextPage,
  previousPage,
  rangeLabel,
  sortState,
  viewFromQuery,
  withFilter,
  withSort,
} from './list';
import { hrefOf, parseRoute } from './route';

describe('the route in the address bar', () => {
  it('reads page, item and filters, and writes them back in one order', () => {
    const r = parseRoute('#/exposures?status=open&product=kaspersky-consumer&q=');
    expect(r).toEqual({
      page: 'exposures',
      id: null,
      query: { status: 'open', product: 'kaspersky-consumer' },
    });
    expect(hrefOf(r.page, r.id, r.query)).toBe('#/exposures?product=kaspersky-consumer&status=open');
    expect(parseRoute('#/devices/42')).toEqual({ page: 'devices', id: '42', query: {} });
    expect(parseRoute('')).toEqual({ page: 'overview', id: null, query: {} });
  });

  it('keeps an id with reserved characters whole', () => {
    const href = hrefOf('software', 'a/b c?d');
    expect(parseRoute(href).id).toBe('a/b c?d');
  });
});

describe('a list view', () => {
  const view = viewFromQuery({ status: 'open', after: 'c1.c2' });

  it('keeps the cursors that led to the page in the URL', () => {
    expect(view).toEqual({ filters: { status: 'open' }, cursors: ['c1', 'c2'] });
    expect(apiQuery(view, 50)).toEqual({ status: 'open', cursor: 'c2', limit: 50 });
    expect(hrefOfView('exposures', view)).toBe('#/exposures?after=c1.c2&status=open');
    expect(viewFromQuery(parseRoute(hrefOfView('exposures', view)).query)).toEqual(view);
  });

  it('goes back and forth between pages', () => {
    expect(nextPage(view, 'c3').cursors).toEqual(['c1', 'c2', 'c3']);
    expect(previousPage(view).cursors).toEqual(['c1']);
    expect(apiQuery(previousPage(previousPage(view)), 50)).toEqual({ status: 'open', limit: 50 });
  });

  it('returns to the first page when a filter changes, and drops an emptied filter', () => {
    expect(withFilter(view, 'platform', 'ios')).toEqual({
      filters: { status: 'open', platform: 'ios' },
      cursors: [],
    });
    expect(withFilter(view, 'status', '')).toEqual({ filters: {}, cursors: [] });
  });

  it('sorts a column ascending, then descending; a date column newest first', () => {
    const byDue = withSort(view, 'dueAt');
    expect(byDue.filters.sort).toBe('dueAt');
    expect(byDue.cursors).toEqual([]);
    expect(sortState(byDue, 'dueAt')).toBe('ascending');
    const flipped = withSort(byDue, 'dueAt');
    expect(flipped.filters.sort).toBe('-dueAt');
    expect(sortState(flipped, 'dueAt')).toBe('descending');
    expect(withSort(flipped, 'dueAt').filters.sort).toBe('dueAt');
    expect(withSort(view, 'firstDetectedAt', true).filters.sort).toBe('-firstDetectedAt');
    expect(sortState(view, 'dueAt')).toBe('none');
    expect(sortState(view, 'id', 'id')).toBe('ascending');
  });

  it('says which rows a page shows, of how many', () => {
    expect(rangeLabel({ filters: {}, cursors: [] }, 50, 50, 1234)).toBe('1–50 of 1,234');
    expect(rangeLabel(view, 7, 50, 107)).toBe('101–107 of 107');
    expect(rangeLabel(view, 7, 50)).toBe('101–107');
    expect(rangeLabel({ filters: {}, cursors: [] }, 0, 50, 0)).toBe('none');
  });
});
