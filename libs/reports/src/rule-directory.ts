import type { CatalogService } from '@interdict/catalog';

/** What a report shows about a rule: citation and source, and how it stands for this organisation. */
export interface RuleReference {
  title: string;
  citation: string;
  sourceUrl: string;
  kind: string;
  /** binding (due dates), review (shown, never overdue) or off, under the organisation profile. */
  standing: 'binding' | 'review' | 'off';
  /** Why it stands so. */
  why: string;
  /** The rule's first phase date (from when exposure opens). */
  effectiveFrom: Date;
  remediationDays: number;
}

/**
 * Names, citations and standings for the ids stored on exposures, and the profile they were applied under. The
 * catalog provides the real one (`catalogRuleDirectory`); tests may use a fixed one.
 */
export interface RuleDirectory {
  describeRule(ruleId: string): RuleReference | undefined;
  productName(productId: string): string | undefined;
  /** Every rule id, in catalog order (the Rules sheet lists them all, applicable or not). */
  ruleIds(): string[];
  /** The organisation profile and the catalog version, for an auditor. */
  policy(): { profile: string; catalogVersion: string };
}

/** Injection token for the RuleDirectory the reports use. */
export const RULE_DIRECTORY = Symbol('RULE_DIRECTORY');

/** A directory that knows nothing: reports then show the stored ids. */
export const EMPTY_RULE_DIRECTORY: RuleDirectory = {
  describeRule: () => undefined,
  productName: () => undefined,
  ruleIds: () => [],
  policy: () => ({ profile: 'unknown', catalogVersion: 'unknown' }),
};

/** A directory over fixed lists (tests, the CLI before the catalog is loaded). */
export function staticRuleDirectory(
  rules: Record<string, RuleReference>,
  products: Record<string, string> = {},
): RuleDirectory {
  return {
    describeRule: (id) => rules[id],
    productName: (id) => products[id],
    ruleIds: () => Object.keys(rules),
    policy: () => ({ profile: 'fixed', catalogVersion: 'fixed' }),
  };
}

/** The directory over the loaded catalog and the organisation profile. */
export function catalogRuleDirectory(catalog: CatalogService): RuleDirectory {
  const p = catalog.profile;
  const list = (v: readonly string[]) => (v.length ? v.join(', ') : 'none');
  return {
    describeRule: (id) => {
      const rule = catalog.ruleById(id);
      const a = catalog.applicability(id);
      return rule
        ? {
            title: rule.title,
            citation: rule.citation,
            sourceUrl: rule.source,
            kind: rule.kind,
            standing: a?.standing ?? 'off',
            why: a?.reason ?? '',
            effectiveFrom: rule.effectiveFrom,
            remediationDays: rule.remediationDays,
          }
        : undefined;
    },
    productName: (id) => catalog.productById(id)?.name,
    ruleIds: () => catalog.rules().map((r) => r.id),
    policy: () => ({
      profile:
        `jurisdictions ${list(p.jurisdictions)}; sectors ${list(p.sectors)}; ` +
        `rules enabled ${list(p.enableRules)}; disabled ${list(p.disableRules)} (profile ${catalog.profileVersion})`,
      catalogVersion: catalog.version,
    }),
  };
}
