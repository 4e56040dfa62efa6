import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ReportFiltersRequest } from './report.request';

const problems = (filters: Record<string, unknown>) =>
  validateSync(plainToInstance(ReportFiltersRequest, filters)).map((e) => e.property);

describe('report filter lists', () => {
  it('accept a list of ids for every filter', () => {
    expect(
      problems({ source: ['a'], platform: ['windows'], product: ['k'], rule: ['r'], group: ['g'] }),
    ).toEqual([]);
  });

  it('refuse an empty list, a non-list, an empty entry and more than 100 entries', () => {
    expect(problems({ source: [] })).toEqual(['source']);
    expect(problems({ platform: 'windows' })).toEqual(['platform']);
    expect(problems({ product: [''] })).toEqual(['product']);
    expect(problems({ rule: ['x'.repeat(201)] })).toEqual(['rule']);
    expect(problems({ group: Array.from({ length: 101 }, (_, i) => `g${i}`) })).toEqual(['group']);
  });

  it('refuse a platform the product does not know (it would give an empty report, not an error)', () => {
    expect(problems({ platform: ['Windows'] })).toEqual(['platform']);
    expect(problems({ platform: ['windows', 'bsd'] })).toEqual(['platform']);
    expect(
      problems({ platform: ['windows', 'macos', 'ios', 'ipados', 'android', 'linux', 'other'] }),
    ).toEqual([]);
  });
});
