import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadCatalog } from './load-catalog';
import { TitleMatcher } from './matching/title-matcher';

// The labelled corpus (test/fixtures/catalog-corpus.csv): real-world-style inventory titles with the product each
// must be attributed to ("-" = must not match) and why. The shipped catalog must get every one right.
const root = join(__dirname, '..', '..', '..');
const catalog = loadCatalog({ dir: join(root, 'config', 'catalog') });
const matcher = new TitleMatcher(catalog);
type CorpusRow = Record<
  'platform' | 'name' | 'publisher' | 'bundle_id' | 'install_path' | 'expected_product' | 'why',
  string
>;
const corpus = parse<CorpusRow>(readFileSync(join(root, 'test', 'fixtures', 'catalog-corpus.csv')), {
  columns: true,
  skip_empty_lines: true,
});

const decisions = corpus.map((row) => {
  const decision = matcher.decide({
    platform: row.platform,
    name: row.name,
    publisher: row.publisher || null,
    bundleId: row.bundle_id || null,
    installPath: row.install_path || null,
  });
  return { row, decision, got: decision.matches.map((m) => m.productId).join('+') || '-' };
});

describe('catalog corpus', () => {
  it('has at least 300 labelled entries across every platform', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    expect(new Set(corpus.map((r) => r.platform))).toEqual(
      new Set(['windows', 'macos', 'ios', 'ipados', 'android', 'linux']),
    );
    expect(corpus.every((r) => r.why.trim().length > 0)).toBe(true);
  });

  it('attributes every entry to exactly its labelled product (100% precision and recall)', () => {
    const wrong = decisions
      .filter((d) => d.got !== d.row.expected_product)
      .map(
        (d) =>
          `${d.row.platform} "${d.row.name}" [${d.row.bundle_id}] expected ${d.row.expected_product}, got ${d.got}`,
      );
    expect(wrong).toEqual([]);
    const positives = decisions.filter((d) => d.row.expected_product !== '-');
    const truePositives = positives.filter((d) => d.got === d.row.expected_product).length;
    const flagged = decisions.filter((d) => d.got !== '-').length;
    expect({ precision: truePositives / flagged, recall: truePositives / positives.length }).toEqual({
      precision: 1,
      recall: 1,
    });
  });

  it('explains every match with the matcher that fired and the fields it checked', () => {
    for (const { row, decision } of decisions.filter((d) => d.got !== '-')) {
      const m = decision.matches[0];
      expect(m.explanation).toContain(`(matcher ${m.matcherId})`);
      expect(m.explanation).toMatch(/matches|is one of|starts with|Team ID/);
      expect(m.explanation.startsWith(row.platform)).toBe(true);
    }
  });

  it('explains every vetoed lookalike with the exclusion that applied', () => {
    const vetoed = decisions.filter((d) => d.decision.exclusions.length);
    expect(vetoed.map((d) => d.row.name).sort()).toEqual(
      [
        'Kaspersky Products Remover',
        'Kaspersky Removal Tool',
        'Kaspresso Sample',
        'Kaspresso Sample.app',
        'Kautomator Demo',
        'kavremover',
      ].sort(),
    );
    for (const d of vetoed) expect(d.decision.exclusions[0].reason.length).toBeGreaterThan(20);
  });

  it('covers every Kaspersky product of the catalog at least once', () => {
    const seen = new Set(decisions.map((d) => d.got));
    const kaspersky = catalog.products.filter((p) => p.family === 'kaspersky').map((p) => p.id);
    expect(kaspersky.filter((id) => !seen.has(id))).toEqual([]);
  });
});
