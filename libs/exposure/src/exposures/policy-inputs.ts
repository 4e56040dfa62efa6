import type { CatalogService } from '@interdict/catalog';

/** What the recompute SQL needs of the policy: the products that are exposure here, and their rules. */
export interface PolicyInputs {
  products: { product_id: string; severity: string; rule_ids: string[] }[];
  rules: {
    product_id: string;
    rule_id: string;
    binding: boolean;
    clock_at: string;
    remediation_days: number;
  }[];
}

/** The catalog's products under its organisation profile, as of `now` (rules not yet in force left out). */
export function policyInputs(catalog: CatalogService, now: Date): PolicyInputs {
  const out: PolicyInputs = { products: [], rules: [] };
  for (const productId of catalog.policy.productIds(now)) {
    const rules = catalog.policy.rulesFor(productId, now);
    out.products.push({
      product_id: productId,
      severity: catalog.policy.severityOf(productId, now),
      rule_ids: rules.map((a) => a.rule.id),
    });
    for (const { rule, standing } of rules)
      out.rules.push({
        product_id: productId,
        rule_id: rule.id,
        binding: standing === 'binding',
        clock_at: rule.remediationFrom.toISOString(),
        remediation_days: rule.remediationDays,
      });
  }
  return out;
}
