import type { CatalogService } from '@interdict/catalog';
import type { RuleDirectory } from '@interdict/reports';

/** Rule citations, source links and product names for reports, from the loaded catalog. */
export function catalogRuleDirectory(catalog: CatalogService): RuleDirectory {
  return {
    describeRule: (id) => {
      const rule = catalog.ruleById(id);
      return rule ? { title: rule.title, citation: rule.citation, sourceUrl: rule.source } : undefined;
    },
    productName: (id) => catalog.productById(id)?.name,
  };
}
