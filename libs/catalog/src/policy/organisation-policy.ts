import { createHash } from 'node:crypto';
import type { CatalogProduct, CatalogRule } from '../catalog.model';
import type { RuleScope } from '../catalog.schema';

/** Who the organisation is (config `policy:`): decides which rules bind it, which advise it, which do not concern it. */
export interface OrganisationProfile {
  jurisdictions: readonly string[];
  sectors: readonly string[];
  enableRules: readonly string[];
  disableRules: readonly string[];
}

/**
 * How a rule stands for this organisation: `binding` rules set due dates and can be overdue; `review` rules
 * (advisories, review rules, and bans that bind others but warn us) show their products for review, never overdue;
 * `off` rules are not applied.
 */
export type RuleStanding = 'binding' | 'review' | 'off';

/** A rule's standing with the sentence that explains it. */
export interface RuleApplicability {
  ruleId: string;
  standing: RuleStanding;
  reason: string;
}

/** One rule that applies to a product: the inputs of its due date. */
export interface ApplicableRule {
  rule: CatalogRule;
  standing: Exclude<RuleStanding, 'off'>;
}

const SEVERITY_ORDER = ['info', 'low', 'medium', 'high', 'critical'] as const;

function describe(scope: RuleScope): string {
  return `${scope.sectors ? scope.sectors.join(' or ') : 'everyone'} in ${scope.jurisdiction}`;
}

/** A profile is in a scope when one of its jurisdictions is the scope's or inside it (US-TX is in US). */
export function inScope(scope: RuleScope, profile: OrganisationProfile): boolean {
  const here = profile.jurisdictions.some(
    (j) => j === scope.jurisdiction || j.startsWith(`${scope.jurisdiction}-`),
  );
  return here && (!scope.sectors || scope.sectors.some((s) => profile.sectors.includes(s)));
}

/** The standing of one rule under a profile, and why. */
export function ruleApplicability(rule: CatalogRule, profile: OrganisationProfile): RuleApplicability {
  const own = rule.kind === 'binding' ? 'binding' : 'review';
  const at = (standing: RuleStanding, reason: string) => ({ ruleId: rule.id, standing, reason });
  if (profile.disableRules.includes(rule.id)) return at('off', 'disabled by policy.disableRules');
  if (profile.enableRules.includes(rule.id)) return at(own, 'enabled by policy.enableRules');
  if (rule.optIn) return at('off', 'opt-in rule: list it in policy.enableRules to apply it');
  const binds = rule.binds.find((s) => inScope(s, profile));
  if (binds) return at(own, `${rule.kind === 'binding' ? 'binds' : `${rule.kind} for`} ${describe(binds)}`);
  const advises = rule.advises.find((s) => inScope(s, profile));
  if (advises)
    return at('review', `binds ${rule.binds.map(describe).join('; ')}; advises ${describe(advises)}`);
  return at('off', `binds only ${rule.binds.map(describe).join('; ')}`);
}

/** Content hash of a profile: stored with applied exposure to notice when the profile changed. */
export function profileVersion(profile: OrganisationProfile): string {
  const canonical = {
    jurisdictions: [...profile.jurisdictions].sort(),
    sectors: [...profile.sectors].sort(),
    enableRules: [...profile.enableRules].sort(),
    disableRules: [...profile.disableRules].sort(),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 16);
}

/**
 * The rules that apply to each product under a profile, as of `now` (rules not yet in force are left out).
 * Products with none are not exposure for this organisation.
 */
export class ProductRuleSets {
  private readonly byProduct = new Map<string, ApplicableRule[]>();
  readonly applicability: ReadonlyMap<string, RuleApplicability>;

  constructor(
    rules: readonly CatalogRule[],
    products: readonly CatalogProduct[],
    readonly profile: OrganisationProfile,
  ) {
    const standing = new Map(rules.map((r) => [r.id, ruleApplicability(r, profile)]));
    this.applicability = standing;
    const byId = new Map(rules.map((r) => [r.id, r]));
    for (const product of products) {
      const applicable: ApplicableRule[] = [];
      for (const id of product.ruleIds) {
        const rule = byId.get(id);
        const s = standing.get(id)?.standing;
        if (rule && s && s !== 'off') applicable.push({ rule, standing: s });
      }
      if (applicable.length) this.byProduct.set(product.id, applicable);
    }
  }

  /** The rules in force at `now` that apply to a product (empty: the product is not exposure here). */
  rulesFor(productId: string, now: Date): ApplicableRule[] {
    return (this.byProduct.get(productId) ?? []).filter((a) => a.rule.effectiveFrom <= now);
  }

  /** Every product with at least one applicable rule in force at `now`. */
  productIds(now: Date): string[] {
    return [...this.byProduct.keys()].filter((id) => this.rulesFor(id, now).length);
  }

  /** The highest severity among a product's applicable rules. */
  severityOf(productId: string, now: Date): ApplicableRule['rule']['severity'] {
    let best = 0;
    for (const a of this.rulesFor(productId, now))
      best = Math.max(best, SEVERITY_ORDER.indexOf(a.rule.severity));
    return SEVERITY_ORDER[best];
  }
}
