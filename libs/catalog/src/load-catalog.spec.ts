import { join } from 'node:path';
import { CatalogError } from './catalog.errors';
import { buildCatalog, checkProfileRules, loadCatalog } from './load-catalog';

const RULE = `rules:
  - id: R1
    title: A rule
    citation: 1 FR 1
    jurisdiction: US
    kind: binding
    appliesTo: everyone
    binds: [{ jurisdiction: US }]
    phases:
      - { date: 2024-07-20, status: restricted, summary: first }
      - { date: 2024-09-29, status: prohibited, summary: second }
    remediationDays: 30
    severity: high
    source: https://example.test/r1
    confidence: V
`;
const VENDOR = `vendors:
  - id: acme
    name: Acme Corp
    publishers: ['^acme\\b']
    bundleIdPrefixes: [com.acme.]
`;
const product = (
  extra = '',
  matcher = "displayName: '^Thing'\n        examples: [Thing One]",
  id = 'thing',
) => `products:
  - id: ${id}
    name: Thing
    vendor: acme
    confidence: C
    ships: [windows]
    rules: [R1]
    matchers:
      - id: ${id}-name
        platforms: [windows]
        ${matcher}
${extra}`;
const file = (body: string, path = 'a.yaml') => ({ path, text: `family: a\n${VENDOR}${RULE}${body}` });

function problems(files: { path: string; text: string }[]): string[] {
  try {
    buildCatalog(files);
  } catch (e) {
    if (e instanceof CatalogError) return [...e.problems];
    throw e;
  }
  return [];
}

describe('catalog loading', () => {
  it('loads the shipped catalog with every product family, vendors resolved', () => {
    const catalog = loadCatalog({ dir: join(__dirname, '..', '..', '..', 'config', 'catalog') });
    const families = new Set(catalog.products.map((p) => p.family));
    for (const f of ['kaspersky', 'bytedance', 'deepseek', 'tencent', 'dahua', 'hikvision', 'huawei'])
      expect(families).toContain(f);
    expect(catalog.rules.find((r) => r.id === 'US-BIS-FD')).toMatchObject({
      effectiveFrom: new Date('2024-07-20T00:00:00Z'),
      remediationFrom: new Date('2024-09-29T00:00:00Z'),
      citation: expect.stringContaining('89 FR 52434'),
      binds: [{ jurisdiction: 'US' }],
    });
    expect(catalog.products.find((p) => p.id === 'tiktok')?.vendor).toBe('ByteDance Ltd.');
    expect(catalog.rules.every((r) => r.binds.length > 0)).toBe(true);
  });

  it('loads the optional UltraAV directory as an opt-in review rule', () => {
    const root = join(__dirname, '..', '..', '..', 'config');
    const catalog = loadCatalog({ dir: join(root, 'catalog'), extraDirs: [join(root, 'catalog-optional')] });
    expect(catalog.rules.find((r) => r.id === 'REVIEW-KASPERSKY-MIGRATION')).toMatchObject({
      kind: 'review',
      optIn: true,
    });
  });

  it('starts the remediation clock at the last phase unless a phase says otherwise', () => {
    const c = buildCatalog([file(product())]);
    expect(c.rules[0].remediationFrom).toEqual(new Date('2024-09-29T00:00:00Z'));
  });

  it('names file, line and field of a schema problem', () => {
    const text = `family: a\n${VENDOR}${RULE.replace('severity: high', 'severity: extreme')}${product()}`;
    expect(problems([{ path: 'a.yaml', text }])).toEqual([
      expect.stringMatching(/^a\.yaml:19: rules\[0\]\.severity: /),
    ]);
  });

  it('refuses a rule that does not say whom it binds, with file and line', () => {
    const text = `family: a\n${VENDOR}${RULE.replace('    binds: [{ jurisdiction: US }]\n', '')}${product()}`;
    expect(problems([{ path: 'a.yaml', text }])).toEqual([
      'a.yaml:8: rules[0].binds: every rule must say whom it binds (binds: [{ jurisdiction, sectors }])',
    ]);
  });

  it('refuses an unknown jurisdiction or sector in a rule scope', () => {
    const bad = RULE.replace('[{ jurisdiction: US }]', '[{ jurisdiction: Texas, sectors: [banks] }]');
    expect(problems([{ path: 'a.yaml', text: `family: a\n${VENDOR}${bad}${product()}` }])).toEqual([
      expect.stringMatching(/^a\.yaml:14: rules\[0\]\.binds\[0\]\.jurisdiction: must be an ISO 3166 code/),
      expect.stringMatching(/^a\.yaml:14: rules\[0\]\.binds\[0\]\.sectors\[0\]: /),
    ]);
  });

  it('reports YAML syntax errors with line and column', () => {
    expect(problems([{ path: 'b.yaml', text: 'family: b\nrules: [\n' }])[0]).toMatch(
      /^b\.yaml:\d+:\d+: YAML /,
    );
  });

  it('refuses unanchored and invalid patterns', () => {
    expect(problems([file(product('', "displayName: 'Thing'\n        examples: [Thing]"))])).toEqual([
      expect.stringMatching(
        /a\.yaml:\d+: products\[0\]\.matchers\[0\]\.displayName: pattern must be anchored/,
      ),
    ]);
    expect(problems([file(product('', "displayName: '^Thing('\n        examples: [Thing]"))])[0]).toMatch(
      /not a valid regular expression/,
    );
  });

  it('refuses patterns that can backtrack catastrophically, naming file, line and the part', () => {
    expect(
      problems([file(product('', "displayName: '^(thing\\w+\\s?)*$'\n        examples: [thing]"))]),
    ).toEqual([
      expect.stringMatching(
        /^a\.yaml:\d+: products\[0\]\.matchers\[0\]\.displayName: \(thing\\w\+\\s\?\)\* repeats a part that itself repeats without bound/,
      ),
    ]);
    const vendor = VENDOR.replace("'^acme\\b'", "'^(a|ab)+c'");
    expect(problems([{ path: 'v.yaml', text: `family: a\n${vendor}${RULE}${product()}` }])).toEqual([
      expect.stringMatching(/^v\.yaml:5: vendors\[0\]\.publishers\[0\]: \(a\|ab\)\+ repeats a choice/),
    ]);
  });

  it('reports a schema error and a bad pattern of the same file together', () => {
    const both = product('', "displayName: 'Thing'\n        examples: [Thing]").replace(
      'confidence: C',
      'confidence: Z',
    );
    const found = problems([file(both)]);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/products\[0\]\.confidence: /),
        expect.stringMatching(/products\[0\]\.matchers\[0\]\.displayName: pattern must be anchored with \^/),
      ]),
    );
  });

  it('refuses a pattern matcher without examples', () => {
    expect(problems([file(product('', "displayName: '^Thing'"))])).toEqual([
      expect.stringMatching(
        /^a\.yaml:\d+: products\[0\]\.matchers\[0\]: a matcher with a pattern .* needs examples/,
      ),
    ]);
  });

  it('refuses a matcher shadowed by another product of the family, with file and line', () => {
    const two = `${product()}  - id: thing-pro
    name: Thing Pro
    vendor: acme
    confidence: C
    ships: [windows]
    rules: [R1]
    matchers:
      - id: thing-pro-name
        platforms: [windows]
        names: [Thing Pro]
`;
    expect(problems([file(two)])).toEqual([
      'a.yaml:41: products[1].matchers[0] (thing-pro-name) is unreachable: its example "Thing Pro" on windows is claimed first by product thing (matcher thing-name)',
    ]);
  });

  it('refuses a product whose matchers miss a platform it ships on, or cover one it does not', () => {
    const both = product().replace('ships: [windows]', 'ships: [windows, macos, android]');
    expect(problems([file(both)])).toEqual([
      expect.stringMatching(
        /^a\.yaml:\d+: products\[0\] "thing" ships on macos but no matcher covers macos$/,
      ),
      expect.stringMatching(
        /^a\.yaml:\d+: products\[0\] "thing" ships on android but no matcher covers android$/,
      ),
    ]);
    const beyond = product().replace('platforms: [windows]', 'platforms: [windows, ios]');
    expect(problems([file(beyond)])).toEqual([
      expect.stringMatching(
        /^a\.yaml:\d+: products\[0\]\.matchers\[0\] covers ios, which products\[0\]\.ships does not list$/,
      ),
    ]);
    expect(problems([file(product().replace('    ships: [windows]\n', ''))])).toEqual([
      expect.stringMatching(/^a\.yaml:\d+: products\[0\]\.ships: /),
    ]);
  });

  it('every shipped product declares where it ships, and has a matcher on each of those platforms', () => {
    const catalog = loadCatalog({ dir: join(__dirname, '..', '..', '..', 'config', 'catalog') });
    for (const p of catalog.products) {
      expect(p.ships.length).toBeGreaterThan(0);
      const covered = new Set(p.matchers.flatMap((m) => m.platforms));
      expect({ product: p.id, missing: p.ships.filter((x) => !covered.has(x)) }).toEqual({
        product: p.id,
        missing: [],
      });
    }
  });

  it('refuses a matcher whose example does not match, or is vetoed by an exclusion', () => {
    expect(problems([file(product('', "displayName: '^Thing'\n        examples: [Other]"))])).toEqual([
      'a.yaml:30: products[0].matchers[0] (thing-name) does not match its example "Other" on windows',
    ]);
    const vetoed = product(
      "    exclusions:\n      - { id: no-things, displayName: '^thing one', reason: not this one }\n",
    );
    expect(problems([file(vetoed)])).toEqual([
      'a.yaml:30: products[0].matchers[0] (thing-name) is unreachable: its example "Thing One" on windows is vetoed by exclusion no-things',
    ]);
  });

  it('refuses a product citing a rule or vendor defined nowhere, and duplicate ids across files', () => {
    expect(problems([{ path: 'a.yaml', text: `family: a\n${VENDOR}${product()}` }])).toEqual([
      expect.stringMatching(/a\.yaml:\d+: products\[0\]\.rules\[0\] "R1" is not a rule in any catalog file/),
    ]);
    expect(problems([{ path: 'a.yaml', text: `family: a\n${RULE}${product()}` }])).toEqual([
      expect.stringMatching(/a\.yaml:\d+: products\[0\]\.vendor "acme" is not a vendor in any catalog file/),
    ]);
    const dup = problems([file(product()), { path: 'b.yaml', text: `family: b\n${product()}` }]);
    expect(dup).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/b\.yaml:\d+: products\[0\]\.id "thing" is already defined in a\.yaml/),
      ]),
    );
  });

  it('refuses a profile that enables or disables a rule the catalog does not have', () => {
    const c = buildCatalog([file(product())]);
    expect(() => checkProfileRules(c, { enableRules: ['R1'], disableRules: ['NOPE'] })).toThrow(
      /policy\.disableRules: "NOPE" is not a rule in the catalog/,
    );
  });

  it('stops with a clear error when the directory is missing', () => {
    expect(() => loadCatalog({ dir: '/nonexistent/catalog' })).toThrow(
      /catalog: directory \/nonexistent\/catalog does not exist/,
    );
  });
});
