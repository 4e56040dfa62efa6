import { join } from 'node:path';
import { CatalogError } from './catalog.errors';
import { buildCatalog, loadCatalog } from './load-catalog';

const RULE = `rules:
  - id: R1
    title: A rule
    citation: 1 FR 1
    jurisdiction: US
    kind: binding
    appliesTo: everyone
    phases:
      - { date: 2024-07-20, status: restricted, summary: first }
      - { date: 2024-09-29, status: prohibited, summary: second }
    remediationDays: 30
    severity: high
    source: https://example.test/r1
    confidence: V
`;
const product = (extra = '', matcher = "displayName: '^Thing'") => `products:
  - id: thing
    name: Thing
    vendor: Vendor
    confidence: C
    rules: [R1]
    matchers:
      - id: thing-name
        platforms: [windows]
        ${matcher}
${extra}`;

function problems(files: { path: string; text: string }[], disabled: string[] = []): string[] {
  try {
    buildCatalog(files, disabled);
  } catch (e) {
    if (e instanceof CatalogError) return [...e.problems];
    throw e;
  }
  return [];
}

describe('catalog loading', () => {
  it('loads the shipped catalog with every product family of the issue', () => {
    const catalog = loadCatalog({ dir: join(__dirname, '..', '..', '..', 'config', 'catalog') });
    const families = new Set(catalog.products.map((p) => p.family));
    for (const f of [
      'kaspersky',
      'ultraav',
      'bytedance',
      'deepseek',
      'tencent',
      'dahua',
      'hikvision',
      'huawei',
    ])
      expect(families).toContain(f);
    expect(catalog.rules.find((r) => r.id === 'US-BIS-FD')).toMatchObject({
      effectiveFrom: new Date('2024-07-20T00:00:00Z'),
      remediationFrom: new Date('2024-09-29T00:00:00Z'),
      citation: expect.stringContaining('89 FR 52434'),
    });
    expect(catalog.rules.find((r) => r.id === 'REVIEW-KASPERSKY-MIGRATION')?.kind).toBe('review');
  });

  it('starts the remediation clock at the last phase unless a phase says otherwise', () => {
    const c = buildCatalog([{ path: 'a.yaml', text: `family: a\n${RULE}${product()}` }], []);
    expect(c.rules[0].remediationFrom).toEqual(new Date('2024-09-29T00:00:00Z'));
  });

  it('names file, line and field of a schema problem', () => {
    const text = `family: a\n${RULE.replace('severity: high', 'severity: extreme')}${product()}`;
    expect(problems([{ path: 'a.yaml', text }])).toEqual([
      expect.stringMatching(/^a\.yaml:13: rules\[0\]\.severity: /),
    ]);
  });

  it('reports YAML syntax errors with line and column', () => {
    expect(problems([{ path: 'b.yaml', text: 'family: b\nrules: [\n' }])[0]).toMatch(
      /^b\.yaml:\d+:\d+: YAML /,
    );
  });

  it('refuses unanchored and invalid patterns', () => {
    expect(
      problems([{ path: 'a.yaml', text: `family: a\n${RULE}${product('', "displayName: 'Thing'")}` }]),
    ).toEqual([
      expect.stringMatching(
        /a\.yaml:\d+: products\[0\]\.matchers\[0\]\.displayName: pattern must be anchored/,
      ),
    ]);
    expect(
      problems([{ path: 'a.yaml', text: `family: a\n${RULE}${product('', "displayName: '^Thing('")}` }])[0],
    ).toMatch(/not a valid regular expression/);
  });

  it('refuses a product citing a rule defined nowhere, and duplicate ids across files', () => {
    expect(problems([{ path: 'a.yaml', text: `family: a\n${product()}` }])).toEqual([
      expect.stringMatching(/a\.yaml:\d+: products\[0\]\.rules\[0\] "R1" is not a rule in any catalog file/),
    ]);
    const dup = problems([
      { path: 'a.yaml', text: `family: a\n${RULE}${product()}` },
      { path: 'b.yaml', text: `family: b\n${product()}` },
    ]);
    expect(dup).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/b\.yaml:\d+: products\[0\]\.id "thing" is already defined in a\.yaml/),
      ]),
    );
  });

  it('lets an organisation disable rules by id, refuses unknown ids, and changes the version hash', () => {
    const files = [{ path: 'a.yaml', text: `family: a\n${RULE}${product()}` }];
    const plain = buildCatalog(files, []);
    const overlay = buildCatalog(files, ['R1']);
    expect(overlay.rules[0].enabled).toBe(false);
    expect(overlay.version).not.toBe(plain.version);
    expect(problems(files, ['NOPE'])).toEqual(['catalog.disabledRules: "NOPE" is not a rule in the catalog']);
  });

  it('stops with a clear error when the directory is missing', () => {
    expect(() => loadCatalog({ dir: '/nonexistent/catalog' })).toThrow(
      /catalog: directory \/nonexistent\/catalog does not exist/,
    );
  });
});
