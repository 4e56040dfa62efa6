import type { Catalog } from '../catalog.model';
import { PLATFORMS, type CatalogFile, type MatcherDefinition, type MatcherExample } from '../catalog.schema';
import { TitleMatcher, type TitleInput } from '../matching/title-matcher';

type Locate = (p: PropertyKey[]) => string;

/**
 * A matcher earns its place by reaching its product: every example it is written for (its own `examples`, else
 * its literal names or identifiers) must come out as that product on each of its platforms. A matcher whose
 * examples another product claims first is shadowed; one whose examples an exclusion vetoes is dead. Exclusion
 * examples must be vetoed by that exclusion on at least one platform.
 */
export function checkExamples(catalog: Catalog, files: { file: CatalogFile; locate: Locate }[]): string[] {
  const matcher = new TitleMatcher(catalog);
  const products = new Map(catalog.products.map((p) => [p.id, p]));
  const out: string[] = [];
  for (const { file, locate } of files) {
    file.products.forEach((p, i) => {
      const product = products.get(p.id)!;
      p.matchers.forEach((m, j) => {
        const where = `${locate(['products', i, 'matchers', j, 'id'])}: products[${i}].matchers[${j}] (${m.id})`;
        for (const example of examplesOf(m))
          for (const platform of m.platforms) {
            const title = { ...example, platform };
            const decision = matcher.decide(title);
            if (decision.matches.some((x) => x.productId === p.id)) continue;
            const family = catalog.products.filter((x) => x.family === product.family).map((x) => x.id);
            const claimed = decision.matches.find((x) => family.includes(x.productId));
            const vetoed = decision.exclusions.find((x) => x.productId === p.id);
            const what = `its example ${show(title)} on ${platform}`;
            out.push(
              claimed
                ? `${where} is unreachable: ${what} is claimed first by product ${claimed.productId} (matcher ${claimed.matcherId})`
                : vetoed
                  ? `${where} is unreachable: ${what} is vetoed by exclusion ${vetoed.exclusionId}`
                  : `${where} does not match ${what}`,
            );
          }
      });
    });
    const exclusionLists: [PropertyKey[], CatalogFile['exclusions']][] = [
      [['exclusions'], file.exclusions],
      [['globalExclusions'], file.globalExclusions],
      ...file.products.map((p, i): [PropertyKey[], CatalogFile['exclusions']] => [
        ['products', i, 'exclusions'],
        p.exclusions,
      ]),
    ];
    for (const [path, list] of exclusionLists)
      list.forEach((x, j) => {
        for (const example of (x.examples ?? []).map(toTitle)) {
          const platforms = x.platforms ?? PLATFORMS;
          const vetoes = platforms.some((platform) =>
            matcher.decide({ ...example, platform }).exclusions.some((e) => e.exclusionId === x.id),
          );
          if (!vetoes)
            out.push(
              `${locate([...path, j, 'id'])}: exclusion ${x.id} does not veto its example ${show(example)}` +
                ' (no product matches it, or the exclusion does not hold)',
            );
        }
      });
  }
  return out;
}

function toTitle(e: MatcherExample): Omit<TitleInput, 'platform'> {
  return typeof e === 'string' ? { name: e } : e;
}

// Literal names and identifiers are their own examples; patterns need written ones (the schema insists).
function examplesOf(m: MatcherDefinition): Omit<TitleInput, 'platform'>[] {
  if (m.examples) return m.examples.map(toTitle);
  // An identifier example carries a neutral name, so it shows that the identifier alone reaches the product.
  const named = (id: string) => m.names?.[0] ?? id;
  if (m.bundleId) return m.bundleId.map((bundleId) => ({ name: named(bundleId), bundleId }));
  if (m.bundleIdPrefix)
    return m.bundleIdPrefix.map((prefix) => ({ name: named(`${prefix}app`), bundleId: `${prefix}app` }));
  if (m.teamId) return [{ name: named('Signed App'), publisher: `Developer ID Application (${m.teamId})` }];
  return (m.names ?? []).map((n) => ({ name: n }));
}

function show(t: Omit<TitleInput, 'platform'>): string {
  const extra = [
    t.publisher !== undefined && t.publisher !== null && `publisher "${t.publisher}"`,
    t.bundleId && `bundle id "${t.bundleId}"`,
    t.installPath && `path "${t.installPath}"`,
  ].filter(Boolean);
  return `"${t.name}"${extra.length ? ` (${extra.join(', ')})` : ''}`;
}
