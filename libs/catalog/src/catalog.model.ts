import type {
  CatalogPlatform,
  ExclusionDefinition,
  MatcherDefinition,
  RuleScope,
  VendorDefinition,
} from './catalog.schema';

/** A rule as the rest of the code sees it: dates resolved, provenance attached. */
export interface CatalogRule {
  id: string;
  title: string;
  citation: string;
  jurisdiction: string;
  kind: 'binding' | 'advisory' | 'review';
  appliesTo: string;
  binds: RuleScope[];
  advises: RuleScope[];
  optIn: boolean;
  phases: { date: string; status: string; summary: string }[];
  /** Exposure opens from this date (the first phase). */
  effectiveFrom: Date;
  /** The remediation clock starts here (the phase marked startsRemediation, else the last phase). */
  remediationFrom: Date;
  remediationDays: number;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  source: string;
  confidence: 'V' | 'S' | 'C' | 'U';
  notes?: string;
  file: string;
}

/** A vendor with the identifiers that prove a title is theirs. */
export interface CatalogVendor extends VendorDefinition {
  file: string;
}

/** An exclusion with the file and scope it came from. */
export type CatalogExclusion = ExclusionDefinition & { scope: 'product' | 'family' | 'global' };

/** A banned or watched product with its matchers. */
export interface CatalogProduct {
  id: string;
  family: string;
  name: string;
  /** The vendor's display name. */
  vendor: string;
  vendorId: string;
  aliases: string[];
  /** Platforms the vendor ships it on; its matchers cover exactly these. */
  ships: CatalogPlatform[];
  confidence: 'V' | 'S' | 'C' | 'U';
  fallback: boolean;
  ruleIds: string[];
  matchers: (MatcherDefinition & { productId: string })[];
  /** The product's own exclusions, then its family's, then the global ones. */
  exclusions: CatalogExclusion[];
  notes?: string;
  file: string;
}

/** The loaded, validated catalog. `version` is a content hash of the files: it changes when any file does. */
export interface Catalog {
  version: string;
  files: string[];
  vendors: CatalogVendor[];
  rules: CatalogRule[];
  products: CatalogProduct[];
}

export type { CatalogPlatform };
