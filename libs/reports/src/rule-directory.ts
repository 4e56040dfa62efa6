/** What a report shows about a rule: its title, legal citation and a link to the rule's source. */
export interface RuleReference {
  title: string;
  citation: string;
  sourceUrl: string;
}

/**
 * Names and citations for the ids stored on findings. The catalog provides the real one; reports only need this
 * lookup, so they do not depend on how the catalog is loaded.
 */
export interface RuleDirectory {
  describeRule(ruleId: string): RuleReference | undefined;
  productName(productId: string): string | undefined;
}

/** Injection token for the RuleDirectory the reports use. */
export const RULE_DIRECTORY = Symbol('RULE_DIRECTORY');

/** A directory that knows nothing: reports then show the stored ids. */
export const EMPTY_RULE_DIRECTORY: RuleDirectory = {
  describeRule: () => undefined,
  productName: () => undefined,
};

/** A directory over fixed lists (tests, the CLI before the catalog is loaded). */
export function staticRuleDirectory(
  rules: Record<string, RuleReference>,
  products: Record<string, string> = {},
): RuleDirectory {
  return {
    describeRule: (id) => rules[id],
    productName: (id) => products[id],
  };
}
