import { backtrackingRisk } from './regex-safety';

describe('backtrackingRisk', () => {
  it.each([
    ['^(a+)+$'],
    ['^(\\w+\\s?)*$'],
    ['^([a-z]*)*x'],
    ['^(.*a){20}$'],
    ['^(?:kaspersky(\\s+\\w+)+)+$'],
  ])('refuses the nested quantifier in %s', (p) => {
    expect(backtrackingRisk(p)).toMatch(/repeats a part that itself repeats/);
  });

  it.each([['^(a|a)*$'], ['^(ab|a)+c'], ['^(.|x)*$'], ['^(a|)+b']])(
    'refuses the overlapping repeated choice in %s',
    (p) => {
      expect(backtrackingRisk(p)).toMatch(/repeats a choice whose alternatives can match the same text/);
    },
  );

  it.each([
    ['^kaspersky( (anti-?virus|internet security)\\b.*)?$'],
    ['^(?=.*\\b(downloader|viewer)\\b)'],
    ['^(?!.*\\bvirus removal\\b)(?=.*\\b(remov(er|al tool))\\b)'],
    ['^(ab|cd)*$'],
    ['^smart ?pss ?(lite|plus)?\\b'],
    ['^[(a+)]+$'],
    ['^\\(a+\\)+$'],
  ])('accepts the safe pattern %s', (p) => {
    expect(backtrackingRisk(p)).toBeNull();
  });

  it('really does flag patterns that blow up, and really does pass ones that do not', () => {
    const evil = 'a'.repeat(24) + '!';
    const time = (p: string) => {
      const t = process.hrtime.bigint();
      new RegExp(p).test(evil);
      return Number(process.hrtime.bigint() - t) / 1e6;
    };
    expect(backtrackingRisk('^(a+)+$')).not.toBeNull();
    expect(time('^(a+)+$')).toBeGreaterThan(50);
    expect(backtrackingRisk('^a+$')).toBeNull();
    expect(time('^a+$')).toBeLessThan(50);
  });
});
