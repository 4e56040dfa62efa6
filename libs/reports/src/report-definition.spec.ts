import { parseReportFilters, parseReportFormat, parseReportType } from './report-definition';

describe('parseReportFilters', () => {
  it('accepts lists and single values, trimming and de-duplicating', () => {
    expect(
      parseReportFilters({ platform: ['macos', ' macos ', 'windows'], rule: 'us-bis-kaspersky' }),
    ).toEqual({
      platform: ['macos', 'windows'],
      rule: ['us-bis-kaspersky'],
    });
  });

  it('refuses an unknown filter by name', () => {
    expect(() => parseReportFilters({ colour: ['red'] })).toThrow(
      expect.objectContaining({ code: 'invalid_filter', field: 'filters.colour' }),
    );
  });

  it('refuses an unknown status', () => {
    expect(() => parseReportFilters({ status: ['open', 'gone'] })).toThrow(
      expect.objectContaining({ code: 'invalid_filter', field: 'filters.status' }),
    );
  });

  it('refuses empty lists, non-texts and huge values', () => {
    for (const bad of [[], [1], [''], ['x'.repeat(201)], { a: 1 }]) {
      expect(() => parseReportFilters({ product: bad })).toThrow(
        expect.objectContaining({ field: 'filters.product' }),
      );
    }
  });

  it('refuses filters that are not an object', () => {
    expect(() => parseReportFilters(['open'])).toThrow(expect.objectContaining({ field: 'filters' }));
  });
});

describe('parseReportType / parseReportFormat', () => {
  it('accept the known values and refuse others with the field name', () => {
    expect(parseReportType('exposure')).toBe('exposure');
    expect(parseReportFormat('csv')).toBe('csv');
    expect(() => parseReportType('everything')).toThrow(expect.objectContaining({ field: 'type' }));
    expect(() => parseReportFormat('pdf')).toThrow(expect.objectContaining({ field: 'format' }));
  });
});
