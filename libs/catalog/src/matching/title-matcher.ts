import type { Catalog, CatalogExclusion, CatalogProduct, CatalogVendor } from '../catalog.model';
import type { CatalogPlatform, MatcherDefinition } from '../catalog.schema';
import { foldName, foldText, nameCandidates } from './normalise';

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

interface CompiledVendor {
  vendor: CatalogVendor;
  publishers: RegExp;
  prefixes: string[];
  teamIds: string[];
}
interface CompiledMatcher {
  def: MatcherDefinition;
  platforms: Set<string>;
  names?: Set<string>;
  name?: RegExp;
  publisher?: RegExp;
  installPath?: RegExp;
  bundleIds?: Set<string>;
  bundlePrefixes?: string[];
  /** Fires on an identifier (bundle id, prefix, Team ID); other matchers need the title's identity to agree. */
  hasIdentifier: boolean;
}
interface CompiledExclusion {
  def: CatalogExclusion;
  platforms?: Set<string>;
  name?: RegExp;
  publisher?: RegExp;
  bundleIds?: Set<string>;
  bundlePrefixes?: string[];
}
interface CompiledProduct {
  product: CatalogProduct;
  vendor: CompiledVendor;
  /** Every bundle id the product's matchers name: the vendor's too, whatever its namespace. */
  ownBundleIds: Set<string>;
  matchers: CompiledMatcher[];
  exclusions: CompiledExclusion[];
}

/** A title in the folded form matchers compare (normalise.ts), with per-title caches. */
interface FoldedTitle {
  platform: string;
  rawName: string;
  name: string;
  candidates: string[];
  publisher: string;
  rawPublisher: string;
  bundleId: string;
  installPath: string;
  /** False when no literal name or name pattern of the platform can match (the gates). */
  namesMayMatch: boolean;
  patternsMayMatch: boolean;
  vendorPublisher: Map<string, boolean>;
}

// Shared by titles whose publisher is no vendor's: every lookup answers false.
const NO_VENDOR: Map<string, boolean> = new (class extends Map<string, boolean> {
  override get(): boolean {
    return false;
  }
  override set(): this {
    return this;
  }
})();

const rx = (p: string | undefined) => (p === undefined ? undefined : new RegExp(p, 'iu'));
const lowerSet = (xs: string[] | undefined) => (xs ? new Set(xs.map((x) => x.toLowerCase())) : undefined);
const lowerList = (xs: string[] | undefined) => xs?.map((x) => x.toLowerCase());
// iPadOS reports apps exactly like iOS; a matcher written for ios covers both.
const expand = (ps: readonly CatalogPlatform[]) =>
  new Set(ps.flatMap((p) => (p === 'ios' ? ['ios', 'ipados'] : [p])));

/**
 * Decides which catalog products a software title is. Within a family the first matching product in file order
 * wins and catch-all (fallback) products apply only when no specific product of the family matched; titles may
 * match products of several families. A matcher without an identifier fires only when the title's publisher and
 * bundle id — where the source reports them — are the product vendor's: a third-party tool named after a product,
 * or an app another developer signed, is not the product. Any exclusion of a product vetoes it for the title.
 */
export class TitleMatcher {
  private readonly platforms = new Map<string, PlatformIndex>();
  // One alternation of every vendor's publisher patterns: most publishers fail it once instead of each vendor's.
  private readonly publisherGate: RegExp | null;

  constructor(catalog: Pick<Catalog, 'products' | 'vendors'>) {
    const vendors = new Map(catalog.vendors.map((v) => [v.id, compileVendor(v)]));
    const publishers = catalog.vendors.flatMap((v) => v.publishers.map((p) => `(?:${p})`));
    this.publisherGate = publishers.length ? new RegExp(publishers.join('|'), 'iu') : null;
    const byFamily = new Map<string, CompiledProduct[]>();
    for (const product of catalog.products) {
      const vendor = vendors.get(product.vendorId);
      if (!vendor) throw new Error(`catalog product ${product.id} names unknown vendor ${product.vendorId}`);
      const compiled = compileProduct(product, vendor);
      const list = byFamily.get(product.family) ?? [];
      list.push(compiled);
      byFamily.set(product.family, list);
    }
    const families = [...byFamily.values()].map((products) =>
      products.sort((a, b) => Number(a.product.fallback) - Number(b.product.fallback)),
    );
    const platforms = new Set(families.flat().flatMap((p) => p.matchers.flatMap((m) => [...m.platforms])));
    for (const platform of platforms) this.platforms.set(platform, indexPlatform(platform, families));
  }

  /** Every product the title matches (usually none or one). */
  match(title: TitleInput): TitleMatch[] {
    return this.decide(title).matches;
  }

  /** Matches plus the exclusions that vetoed a product, so a "no" is as explainable as a "yes". */
  decide(title: TitleInput): TitleDecision {
    const matches: TitleMatch[] = [];
    const exclusions: TitleDecision['exclusions'] = [];
    const index = this.platforms.get(title.platform.toLowerCase());
    if (!index) return { matches, exclusions };
    const t = this.fold(title, index);
    // Most titles carry nothing any matcher of the platform looks for: one look at the gates settles them.
    if (!mayMatch(t, index)) return { matches, exclusions };
    for (const family of index.families) {
      for (const { product: p, matchers } of family) {
        let fired: CompiledMatcher | undefined;
        for (const m of matchers)
          if (matcherHolds(m, p, t)) {
            fired = m;
            break;
          }
        if (!fired) continue;
        const veto = p.exclusions.find((x) => exclusionHolds(x, p, fired, t));
        if (veto) {
          exclusions.push({ productId: p.product.id, exclusionId: veto.def.id, reason: veto.def.reason });
          continue;
        }
        matches.push({
          productId: p.product.id,
          matcherId: fired.def.id,
          explanation: explain(fired, p, t),
          versions: fired.def.versions,
        });
        break; // first product of the family wins
      }
    }
    return { matches, exclusions };
  }

  private fold(title: TitleInput, index: PlatformIndex): FoldedTitle {
    const name = foldName(title.name);
    const candidates = nameCandidates(name);
    const publisher = title.publisher ? foldText(title.publisher) : '';
    const rawPublisher = (title.publisher ?? '').trim();
    return {
      platform: index.platform,
      rawName: title.name.trim(),
      name,
      candidates,
      publisher,
      rawPublisher,
      bundleId: (title.bundleId ?? '').trim().toLowerCase(),
      installPath: (title.installPath ?? '').trim(),
      namesMayMatch: candidates.some((c) => index.names.has(c)),
      patternsMayMatch: !!index.nameGate && candidates.some((c) => index.nameGate!.test(c)),
      // Team IDs (signer strings) are checked per vendor; publishers no vendor pattern can match are known now.
      vendorPublisher:
        publisher && !SIGNER.test(rawPublisher) && !(this.publisherGate?.test(publisher) ?? false)
          ? NO_VENDOR
          : new Map<string, boolean>(),
    };
  }
}

/** What one platform's matchers look for, so a title that carries none of it is settled at once. */
interface PlatformIndex {
  platform: string;
  /** Per family, the products with matchers for the platform (specific first, catch-alls last, file order). */
  families: { product: CompiledProduct; matchers: CompiledMatcher[] }[][];
  names: Set<string>;
  nameGate: RegExp | null;
  bundleIds: Set<string>;
  bundlePrefixes: string[];
  teamIds: string[];
  pathGate: RegExp | null;
  hasPublisherMatchers: boolean;
}

const SIGNER = /\([A-Z0-9]{10}\)$/;

function indexPlatform(platform: string, families: CompiledProduct[][]): PlatformIndex {
  const grouped = families
    .map((products) =>
      products
        .map((product) => ({ product, matchers: product.matchers.filter((m) => m.platforms.has(platform)) }))
        .filter((p) => p.matchers.length),
    )
    .filter((f) => f.length);
  const matchers = grouped.flat().flatMap((p) => p.matchers);
  const union = (patterns: (string | undefined)[]) => {
    const list = patterns.filter((p): p is string => !!p).map((p) => `(?:${p})`);
    return list.length ? new RegExp(list.join('|'), 'iu') : null;
  };
  return {
    platform,
    families: grouped,
    names: new Set(matchers.flatMap((m) => [...(m.names ?? [])])),
    nameGate: union(matchers.map((m) => m.def.displayName)),
    bundleIds: new Set(matchers.flatMap((m) => [...(m.bundleIds ?? [])])),
    bundlePrefixes: matchers.flatMap((m) => m.bundlePrefixes ?? []),
    teamIds: matchers.flatMap((m) => (m.def.teamId ? [m.def.teamId] : [])),
    pathGate: union(matchers.map((m) => m.def.installPath)),
    hasPublisherMatchers: matchers.some(
      (m) => m.def.vendorPublisher || (m.def.publisher && !m.def.displayName),
    ),
  };
}

function mayMatch(t: FoldedTitle, index: PlatformIndex): boolean {
  if (t.namesMayMatch || t.patternsMayMatch) return true;
  if (
    t.bundleId &&
    (index.bundleIds.has(t.bundleId) || index.bundlePrefixes.some((p) => t.bundleId.startsWith(p)))
  )
    return true;
  if (index.teamIds.some((team) => signedBy(team, t))) return true;
  if (t.installPath && index.pathGate?.test(t.installPath)) return true;
  return !!t.publisher && index.hasPublisherMatchers && t.vendorPublisher !== NO_VENDOR;
}

function compileVendor(vendor: CatalogVendor): CompiledVendor {
  return {
    vendor,
    publishers: new RegExp(vendor.publishers.map((p) => `(?:${p})`).join('|'), 'iu'),
    prefixes: vendor.bundleIdPrefixes.map((p) => p.toLowerCase()),
    teamIds: vendor.teamIds,
  };
}

function compileProduct(product: CatalogProduct, vendor: CompiledVendor): CompiledProduct {
  return {
    product,
    vendor,
    ownBundleIds: new Set(product.matchers.flatMap((m) => m.bundleId ?? []).map((b) => b.toLowerCase())),
    matchers: product.matchers.map((def) => ({
      def,
      platforms: expand(def.platforms),
      names: def.names ? new Set(def.names.map(foldName)) : undefined,
      name: rx(def.displayName),
      publisher: rx(def.publisher),
      installPath: rx(def.installPath),
      bundleIds: lowerSet(def.bundleId),
      bundlePrefixes: lowerList(def.bundleIdPrefix),
      hasIdentifier: !!(def.bundleId || def.bundleIdPrefix || def.teamId),
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
function signedBy(teamId: string, t: FoldedTitle): boolean {
  const upper = t.rawPublisher.toUpperCase();
  return (
    upper === teamId || upper.endsWith(`(${teamId})`) || t.bundleId.startsWith(`${teamId.toLowerCase()}.`)
  );
}

function isVendorPublisher(p: CompiledProduct, t: FoldedTitle): boolean {
  if (!t.publisher) return false;
  const id = p.vendor.vendor.id;
  let known = t.vendorPublisher.get(id);
  if (known === undefined) {
    known = p.vendor.publishers.test(t.publisher) || p.vendor.teamIds.some((team) => signedBy(team, t));
    t.vendorPublisher.set(id, known);
  }
  return known;
}

function isVendorBundle(p: CompiledProduct, t: FoldedTitle): boolean {
  if (!t.bundleId) return false;
  return (
    p.ownBundleIds.has(t.bundleId) ||
    p.vendor.prefixes.some((prefix) => t.bundleId.startsWith(prefix)) ||
    p.vendor.teamIds.some((team) => t.bundleId.startsWith(`${team.toLowerCase()}.`))
  );
}

function matcherHolds(m: CompiledMatcher, p: CompiledProduct, t: FoldedTitle): boolean {
  if (m.names && !(t.namesMayMatch && t.candidates.some((c) => m.names!.has(c)))) return false;
  if (m.name && !(t.patternsMayMatch && t.candidates.some((c) => m.name!.test(c)))) return false;
  if (m.installPath && !m.installPath.test(t.installPath)) return false;
  if (!bundleHolds(m.bundleIds, m.bundlePrefixes, t.bundleId)) return false;
  if (m.def.teamId && !signedBy(m.def.teamId, t)) return false;
  if (m.def.vendorPublisher && !isVendorPublisher(p, t)) return false;
  if (m.publisher && !m.publisher.test(t.publisher)) return false;
  if (!m.hasIdentifier) {
    // Identity agrees where the source reports it: an empty publisher (Apple platforms, some exports) or a
    // missing bundle id (Intune) says nothing; another developer's says "not this product".
    if (t.publisher && !m.publisher && !isVendorPublisher(p, t)) return false;
    if (t.bundleId && !isVendorBundle(p, t)) return false;
  }
  return true;
}

function exclusionHolds(
  x: CompiledExclusion,
  p: CompiledProduct,
  fired: CompiledMatcher,
  t: FoldedTitle,
): boolean {
  if (x.platforms && !x.platforms.has(t.platform)) return false;
  // A title that is, whole, one of the product's literal names is the vendor's own ("Kaspersky Downloader"), also
  // where the source reports no publisher to prove it.
  if (x.def.unlessVendor && fired.names?.has(t.name)) return false;
  if (x.name && !x.name.test(t.name)) return false;
  if (x.publisher && !x.publisher.test(t.publisher)) return false;
  if (!bundleHolds(x.bundleIds, x.bundlePrefixes, t.bundleId)) return false;
  return !(x.def.unlessVendor && (isVendorPublisher(p, t) || isVendorBundle(p, t)));
}

function explain(m: CompiledMatcher, p: CompiledProduct, t: FoldedTitle): string {
  const parts: string[] = [];
  const d = m.def;
  const vendor = p.vendor.vendor.name;
  if (d.bundleId) parts.push(`bundle id "${t.bundleId}" is one of ${d.bundleId.join(', ')}`);
  if (d.bundleIdPrefix) parts.push(`bundle id "${t.bundleId}" starts with ${d.bundleIdPrefix.join(' or ')}`);
  if (d.teamId) parts.push(`signed by Apple Team ID ${d.teamId}`);
  if (d.names) {
    const hit = t.candidates.find((c) => m.names!.has(c)) ?? t.name;
    parts.push(`name "${t.rawName}" is the product name "${hit}"${hit === t.name ? '' : ' with a suffix'}`);
  }
  if (d.displayName) parts.push(`name "${t.rawName}" matches /${d.displayName}/i`);
  if (d.publisher) parts.push(`publisher "${t.rawPublisher}" matches /${d.publisher}/i`);
  if (d.vendorPublisher) parts.push(`publisher "${t.rawPublisher}" is ${vendor}`);
  if (d.installPath) parts.push(`install path "${t.installPath}" matches /${d.installPath}/i`);
  if (!m.hasIdentifier && !d.vendorPublisher && !d.publisher) {
    parts.push(t.publisher ? `publisher "${t.rawPublisher}" is ${vendor}` : 'no publisher reported');
    if (t.bundleId) parts.push(`bundle id "${t.bundleId}" is ${vendor}'s`);
  }
  // Versions are checked per installation when exposure is computed; the title only carries the bounds.
  const bounds = [
    d.versions?.from && `≥ ${d.versions.from}`,
    d.versions?.below && `< ${d.versions.below}`,
  ].filter(Boolean);
  const scope = bounds.length ? ` (installed versions ${bounds.join(' and ')})` : '';
  return `${t.platform} ${parts.join(' and ')} → ${p.product.name}${scope} (matcher ${d.id})`;
}
