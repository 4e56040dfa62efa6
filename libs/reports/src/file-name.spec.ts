import { reportFileName } from './file-name';

describe('reportFileName', () => {
  const at = new Date('2026-11-28T07:05:09Z');

  it('names the org, the type and the UTC date and time', () => {
    expect(reportFileName('Example Corp', 'exposure', at, 'xlsx')).toBe(
      'Example-Corp_exposure_2026-11-28_0705Z.xlsx',
    );
  });

  it('keeps only file-system-safe characters from a hostile or accented org name', () => {
    expect(reportFileName('Société Générale / ../"x"\r\n', 'software', at, 'csv')).toBe(
      'Societe-Generale-x_software_2026-11-28_0705Z.csv',
    );
  });

  it('falls back to a neutral name when nothing of the org name is usable', () => {
    expect(reportFileName('日本', 'coverage', at, 'csv')).toBe('Interdict_coverage_2026-11-28_0705Z.csv');
  });
});
