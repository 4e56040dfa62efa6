import type { CatalogPlatform, ExclusionDefinition, MatcherDefinition } from './catalog.schema';

/** A rule as the rest of the code sees it: dates resolved, provenance attached. */
export interface CatalogRule {
  id: string;
  title: string;
  citation: string;
  jurisdiction: string;
  kind: 'binding' | 'advisory' | 'review';
  appliesTo: string;
  phases: { date: string; status: string; summary: string }[];
  /** Findings open from this date (the first phase). */
  effectiveFrom: Date;
  /** The remediation clock starts here (the phase marked startsRemediation, else the last phase). */
  remediationFrom: Date;
  remediationDays: number;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  source: string;
  confidence: 'V' | 'S' | 'C' | 'U';
  notes?: string;
  /** `false` when the organisation disabled it (catalog.disabledRules). */
  enabled: boolean;
  file: string;
}

/** A banned or watched product with its matchers. */
export interface CatalogProduct {
  id: string;
  family: string;
  name: string;
  vendor: string;
  aliases: string[];
  confidence: 'V' | 'S' | 'C' | 'U';
  fallback: boolean;
  ruleIds: string[];
  matchers: (MatcherDefinition & { productId: string })[];
  exclusions: ExclusionDefinition[];
  notes?: string;
  file: string;
}

/** The loaded, validated catalog. `version` is a content hash: it changes when any file or the overlay does. */
export interface Catalog {
  version: string;
  files: string[];
  rules: CatalogRule[];
  products: CatalogProduct[];
  disabledRuleIds: string[];
}

export type { CatalogPlatform };
