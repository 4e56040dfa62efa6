import type { Catalog, CatalogProduct, CatalogRule, CatalogVendor } from './catalog.model';
import { TitleMatcher } from './matching/title-matcher';
import {
  ProductRuleSets,
  profileVersion,
  type OrganisationProfile,
  type RuleApplicability,
} from './policy/organisation-policy';

/** Read access to the loaded catalog and the organisation's policy (immutable for the life of the process). */
export class CatalogService {
  private readonly rulesById: Map<string, CatalogRule>;
  private readonly productsById: Map<string, CatalogProduct>;
  private readonly vendorsById: Map<string, CatalogVendor>;
  /** The compiled matcher for this catalog version. */
  readonly matcher: TitleMatcher;
  /** The rules that apply to each product under the organisation profile. */
  readonly policy: ProductRuleSets;

  constructor(
    readonly catalog: Catalog,
    profile: OrganisationProfile,
    matcher?: TitleMatcher,
  ) {
    this.rulesById = new Map(catalog.rules.map((r) => [r.id, r]));
    this.productsById = new Map(catalog.products.map((p) => [p.id, p]));
    this.vendorsById = new Map(catalog.vendors.map((v) => [v.id, v]));
    this.matcher = matcher ?? new TitleMatcher(catalog);
    this.policy = new ProductRuleSets(catalog.rules, catalog.products, profile);
  }

  /** The same catalog under another profile (impact preview); shares the compiled matcher. */
  withProfile(profile: OrganisationProfile): CatalogService {
    return new CatalogService(this.catalog, profile, this.matcher);
  }

  /** Content hash of the catalog files: titles are matched once per version. */
  get version(): string {
    return this.catalog.version;
  }

  /** The organisation profile in force. */
  get profile(): OrganisationProfile {
    return this.policy.profile;
  }

  /** Content hash of the profile: exposure records which one it was computed under. */
  get profileVersion(): string {
    return profileVersion(this.policy.profile);
  }

  /** Every product, in file order. */
  products(): readonly CatalogProduct[] {
    return this.catalog.products;
  }

  /** Every rule, applicable or not (see `applicability`). */
  rules(): readonly CatalogRule[] {
    return this.catalog.rules;
  }

  /** The rule with this id, or undefined. */
  ruleById(id: string): CatalogRule | undefined {
    return this.rulesById.get(id);
  }

  /** The product with this id, or undefined. */
  productById(id: string): CatalogProduct | undefined {
    return this.productsById.get(id);
  }

  /** The vendor with this id, or undefined. */
  vendorById(id: string): CatalogVendor | undefined {
    return this.vendorsById.get(id);
  }

  /** How a rule stands for this organisation, and why. */
  applicability(ruleId: string): RuleApplicability | undefined {
    return this.policy.applicability.get(ruleId);
  }
}
