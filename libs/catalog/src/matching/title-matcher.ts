import type { Catalog, CatalogProduct } from '../catalog.model';
import type { CatalogPlatform, ExclusionDefinition, MatcherDefinition } from '../catalog.schema';

/** The fields of one distinct software title that matchers look at. */
export interface TitleInput {
  platform: string;
  name: string;
  publisher?: string | null;
  bundleId?: string | null;
  /** One install path seen for the title, when known (install-path matchers need it). */
  installPath?: string | null;
}

/** Why a title belongs to a product: the matcher that fired and a sentence a person can check. */
export interface TitleMatch {
  productId: string;
  matcherId: string;
  explanation: string;
  /** Version bounds the installation must satisfy (from the matcher), if any. */
  versions?: { from?: string; below?: string };
}

/** Why a title was not attributed to a product that looked close (exclusions), for corpus explanations. */
export interface TitleDecision {
  matches: TitleMatch[];
  exclusions: { productId: string; exclusionId: string; reason: string }[];
}

interface CompiledMatcher {
  def: MatcherDefinition;
  productId: string;
  platforms: Set<string>;
  name?: RegExp;
  publisher?: RegExp;
  installPath?: RegExp;
  bundleIds?: Set<string>;
  bundlePrefixes?: string[];
}
interface CompiledExclusion {
  def: ExclusionDefinition;
  platforms?: Set<string>;
  name?: RegExp;
  publisher?: RegExp;
  bundleIds?: Set<string>;
  bundlePrefixes?: string[];
}
interface CompiledProduct {
  product: CatalogProduct;
  matchers: CompiledMatcher[];
  exclusions: CompiledExclusion[];
}

const rx = (p: string | undefined) => (p === undefined ? undefined : new RegExp(p, 'iu'));
const lowerSet = (xs: string[] | undefined) => (xs ? new Set(xs.map((x) => x.toLowerCase())) : undefined);
const lowerList = (xs: string[] | undefined) => xs?.map((x) => x.toLowerCase());
// iPadOS reports apps exactly like iOS; a matcher written for ios covers both.
const expand = (ps: readonly CatalogPlatform[]) =>
  new Set(ps.flatMap((p) => (p === 'ios' ? ['ios', 'ipados'] : [p])));

/**
 * Decides which catalog products a software title is. Within a family the first matching product in file order
 * wins and catch-all (fallback) products apply only when no specific product of the family matched; titles may
 * match products of several families. Any exclusion of a product vetoes that product for the title.
 */
export class TitleMatcher {
  // Per platform, per family, the products with matchers for that platform (specific first, catch-alls last,
  // file order otherwise), so a title only meets the matchers that could fire for it.
  private readonly byPlatform = new Map<
    string,
    { product: CompiledProduct; matchers: CompiledMatcher[] }[][]
  >();
  // One alternation of every name pattern per platform: most titles fail it once instead of every pattern.
  private readonly nameGates = new Map<string, RegExp>();

  constructor(catalog: Pick<Catalog, 'products'>) {
    const byFamily = new Map<string, CompiledProduct[]>();
    for (const product of catalog.products) {
      const compiled: CompiledProduct = {
        product,
        matchers: product.matchers.map((def) => ({
          def,
          productId: product.id,
          platforms: expand(def.platforms),
          name: rx(def.displayName),
          publisher: rx(def.publisher),
          installPath: rx(def.installPath),
          bundleIds: lowerSet(def.bundleId),
          bundlePrefixes: lowerList(def.bundleIdPrefix),
        })),
        exclusions: product.exclusions.map((def) => ({
          def,
          platforms: def.platforms ? expand(def.platforms) : undefined,
          name: rx(def.displayName),
          publisher: rx(def.publisher),
          bundleIds: lowerSet(def.bundleId),
          bundlePrefixes: lowerList(def.bundleIdPrefix),
        })),
      };
      const list = byFamily.get(product.family) ?? [];
      list.push(compiled);
      byFamily.set(product.family, list);
    }
    const families = [...byFamily.values()].map((products) =>
      products.sort((a, b) => Number(a.product.fallback) - Number(b.product.fallback)),
    );
    const platforms = new Set(families.flat().flatMap((p) => p.matchers.flatMap((m) => [...m.platforms])));
    for (const platform of platforms) {
      this.byPlatform.set(
        platform,
        families
          .map((products) =>
            products
              .map((product) => ({
                product,
                matchers: product.matchers.filter((m) => m.platforms.has(platform)),
              }))
              .filter((p) => p.matchers.length),
          )
          .filter((f) => f.length),
      );
      const names = families
        .flat()
        .flatMap((p) =>
          p.matchers
            .filter((m) => m.platforms.has(platform) && m.def.displayName)
            .map((m) => `(?:${m.def.displayName})`),
        );
      if (names.length) this.nameGates.set(platform, new RegExp(names.join('|'), 'iu'));
    }
  }

  /** Every product the title matches (usually none or one). */
  match(title: TitleInput): TitleMatch[] {
    return this.decide(title).matches;
  }

  /** Matches plus the exclusions that vetoed a product, so a "no" is as explainable as a "yes". */
  decide(title: TitleInput): TitleDecision {
    const t = normalise(title);
    const gate = this.nameGates.get(t.platform);
    t.nameMayMatch = gate ? gate.test(t.name) : false;
    const matches: TitleMatch[] = [];
    const exclusions: TitleDecision['exclusions'] = [];
    for (const family of this.byPlatform.get(t.platform) ?? []) {
      for (const { product: p, matchers } of family) {
        const fired = matchers.find((m) => matcherHolds(m, t));
        if (!fired) continue;
        const veto = p.exclusions.find((x) => exclusionHolds(x, t));
        if (veto) {
          exclusions.push({ productId: p.product.id, exclusionId: veto.def.id, reason: veto.def.reason });
          continue;
        }
        matches.push({
          productId: p.product.id,
          matcherId: fired.def.id,
          explanation: explain(fired, t, p.product),
          versions: fired.def.versions,
        });
        break; // first product of the family wins
      }
    }
    return { matches, exclusions };
  }
}

interface NormalisedTitle {
  platform: string;
  name: string;
  publisher: string;
  bundleId: string;
  installPath: string;
  /** False when no name pattern of the platform can match (the gate), so name matchers are skipped. */
  nameMayMatch?: boolean;
}

function normalise(t: TitleInput): NormalisedTitle {
  return {
    platform: t.platform.toLowerCase(),
    // Jamf reports macOS apps as "Name.app"; patterns are written for the bare name.
    name: t.name.trim().replace(/\.app$/i, ''),
    publisher: (t.publisher ?? '').trim(),
    bundleId: (t.bundleId ?? '').trim().toLowerCase(),
    installPath: (t.installPath ?? '').trim(),
  };
}

function bundleHolds(
  ids: Set<string> | undefined,
  prefixes: string[] | undefined,
  bundleId: string,
): boolean {
  if (!ids && !prefixes) return true;
  if (!bundleId) return false;
  return !!ids?.has(bundleId) || !!prefixes?.some((p) => bundleId.startsWith(p));
}

// Apple Team IDs reach inventories as a signer "Name (TEAMID)" in the publisher field or as a
// "TEAMID.bundle.id" application identifier; either form counts.
function teamHolds(teamId: string | undefined, t: NormalisedTitle): boolean {
  if (!teamId) return true;
  const lower = teamId.toLowerCase();
  return (
    t.publisher.toUpperCase() === teamId ||
    t.publisher.toUpperCase().endsWith(`(${teamId})`) ||
    t.bundleId.startsWith(`${lower}.`)
  );
}

function matcherHolds(m: CompiledMatcher, t: NormalisedTitle): boolean {
  if (m.name && (t.nameMayMatch === false || !m.name.test(t.name))) return false;
  if (m.publisher && !m.publisher.test(t.publisher)) return false;
  if (m.installPath && !m.installPath.test(t.installPath)) return false;
  if (!bundleHolds(m.bundleIds, m.bundlePrefixes, t.bundleId)) return false;
  return teamHolds(m.def.teamId, t);
}

function exclusionHolds(x: CompiledExclusion, t: NormalisedTitle): boolean {
  if (x.platforms && !x.platforms.has(t.platform)) return false;
  if (x.name && !x.name.test(t.name)) return false;
  if (x.publisher && !x.publisher.test(t.publisher)) return false;
  return bundleHolds(x.bundleIds, x.bundlePrefixes, t.bundleId);
}

function explain(m: CompiledMatcher, t: NormalisedTitle, product: CatalogProduct): string {
  const parts: string[] = [];
  const d = m.def;
  if (d.bundleId) parts.push(`bundle id "${t.bundleId}" is one of ${d.bundleId.join(', ')}`);
  if (d.bundleIdPrefix) parts.push(`bundle id "${t.bundleId}" starts with ${d.bundleIdPrefix.join(' or ')}`);
  if (d.teamId) parts.push(`signed by Apple Team ID ${d.teamId}`);
  if (d.displayName) parts.push(`name "${t.name}" matches /${d.displayName}/i`);
  if (d.publisher) parts.push(`publisher "${t.publisher}" matches /${d.publisher}/i`);
  if (d.installPath) parts.push(`install path "${t.installPath}" matches /${d.installPath}/i`);
  // Versions are checked per installation when findings are computed; the title only carries the bounds.
  const bounds = [
    d.versions?.from && `≥ ${d.versions.from}`,
    d.versions?.below && `< ${d.versions.below}`,
  ].filter(Boolean);
  const scope = bounds.length ? ` (installed versions ${bounds.join(' and ')})` : '';
  return `${t.platform} ${parts.join(' and ')} → ${product.name}${scope} (matcher ${d.id})`;
}
