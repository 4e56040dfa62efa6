import { parse } from 'csv-parse/sync';
import { csvField, csvRow } from './csv-row';

describe('csvRow', () => {
  it('quotes commas, quotes and line breaks so a CSV parser reads the same values back', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'two\r\nlines', 'tab\tinside', 'José 💻'];
    const [parsed]: string[][] = parse(csvRow(values), { bom: true });
    expect(parsed).toEqual(values);
  });

  it('ends each record with CRLF', () => {
    expect(csvRow(['a', 'b'])).toBe('a,b\r\n');
  });

  it('writes numbers as numbers, dates as ISO 8601 UTC and null as empty', () => {
    expect(csvRow([42, 1.5, new Date('2026-11-28T05:00:00Z'), null, true])).toBe(
      '42,1.5,2026-11-28T05:00:00.000Z,,true\r\n',
    );
  });

  it('neutralises formula-looking text, including inside quotes', () => {
    const [parsed]: string[][] = parse(csvRow(['=1+1', '-cmd|x', '@A1', '+1', '\t=x', '=a,"b"']));
    expect(parsed).toEqual(["'=1+1", "'-cmd|x", "'@A1", "'+1", "'\t=x", `'=a,"b"`]);
  });

  it('writes a hyperlink cell as its text', () => {
    expect(csvField({ text: 'Pub. L. 118-50', hyperlink: 'https://example.org' })).toBe('Pub. L. 118-50');
  });
});
