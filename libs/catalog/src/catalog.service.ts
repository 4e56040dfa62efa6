import type { Catalog, CatalogProduct, CatalogRule } from './catalog.model';
import { TitleMatcher } from './matching/title-matcher';

/** Read access to the loaded catalog for other libs and the API (immutable for the life of the process). */
export class CatalogService {
  private readonly rulesById: Map<string, CatalogRule>;
  private readonly productsById: Map<string, CatalogProduct>;
  /** The compiled matcher for this catalog version. */
  readonly matcher: TitleMatcher;

  constructor(readonly catalog: Catalog) {
    this.rulesById = new Map(catalog.rules.map((r) => [r.id, r]));
    this.productsById = new Map(catalog.products.map((p) => [p.id, p]));
    this.matcher = new TitleMatcher(catalog);
  }

  /** Content hash of the catalog files plus the organisation's overlay. */
  get version(): string {
    return this.catalog.version;
  }

  /** Every product, in file order. */
  products(): readonly CatalogProduct[] {
    return this.catalog.products;
  }

  /** Every rule, including disabled ones (see `enabled`). */
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

  /** The enabled (product, rule) pairs that findings are computed for. */
  activeProductRules(): { product: CatalogProduct; rule: CatalogRule }[] {
    const out: { product: CatalogProduct; rule: CatalogRule }[] = [];
    for (const product of this.catalog.products) {
      for (const ruleId of product.ruleIds) {
        const rule = this.rulesById.get(ruleId);
        if (rule?.enabled) out.push({ product, rule });
      }
    }
    return out;
  }
}
