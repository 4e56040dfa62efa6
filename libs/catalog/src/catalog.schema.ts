import { z } from 'zod';
import { JURISDICTIONS, SECTORS } from '@interdict/config';

/** How grave a rule's breach is, most first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

/** Platforms as the connectors name them (libs/connectors Platform). */
export const PLATFORMS = ['windows', 'macos', 'ios', 'ipados', 'android', 'linux', 'other'] as const;
export type CatalogPlatform = (typeof PLATFORMS)[number];

const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'must be 1–80 letters, digits, ".", "_" or "-"');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'must be a real calendar date');
const confidence = z.enum(['V', 'S', 'C', 'U']);
const pattern = z.string().min(1).max(1000);
const version = z.string().regex(/^\d+(\.\d+)*$/, 'must be a dotted numeric version such as 21.3 or 11.9.0');
const jurisdiction = z
  .string()
  .refine((j) => JURISDICTIONS.includes(j), 'must be an ISO 3166 code (US, DE, IT…) or a US state (US-TX…)');

/** One phase of a rule: from `date` on, the rule has this status (e.g. no new sales, then no updates). */
const phase = z.strictObject({
  date: isoDate,
  status: z.enum(['restricted', 'prohibited', 'advisory', 'review']),
  summary: z.string().min(1).max(300),
  /** The phase whose date starts the remediation clock; default: the last phase. */
  startsRemediation: z.boolean().optional(),
});

/** Who a rule concerns: organisations in a jurisdiction (US-TX is inside US), optionally only some sectors. */
const scope = z.strictObject({
  jurisdiction,
  /** Omitted: everyone in the jurisdiction. */
  sectors: z.array(z.enum(SECTORS)).min(1).optional(),
});

export const ruleSchema = z.strictObject({
  id,
  title: z.string().min(1).max(200),
  citation: z.string().min(1).max(300),
  jurisdiction: z.string().min(2).max(40),
  /** binding = law/regulation for those in scope; advisory = official warning; review = look at it, not banned. */
  kind: z.enum(['binding', 'advisory', 'review']),
  appliesTo: z.string().min(1).max(300),
  /** Whom the rule binds. Every rule must say; an organisation in none of these scopes is not bound. */
  binds: z
    .array(scope, { error: 'every rule must say whom it binds (binds: [{ jurisdiction, sectors }])' })
    .min(1),
  /** Organisations the rule does not bind but warns: they see its products for review, never overdue. */
  advises: z.array(scope).default([]),
  /** Applies only when the organisation lists it in policy.enableRules. */
  optIn: z.boolean().default(false),
  phases: z.array(phase).min(1),
  remediationDays: z.number().int().min(0).max(3650),
  severity: z.enum(SEVERITIES),
  source: z.url(),
  confidence,
  notes: z.string().max(2000).optional(),
});

/** A title a matcher (or exclusion) is written for: checked by the loader to reach its product (or be vetoed). */
const example = z.union([
  z.string().min(1).max(300),
  z.strictObject({
    name: z.string().min(1).max(300),
    publisher: z.string().max(300).optional(),
    bundleId: z.string().max(200).optional(),
    installPath: z.string().max(500).optional(),
  }),
]);

/**
 * A matcher fires when every field it sets holds (fields combine with AND). `names` are literal product names that
 * a title may carry with a store subtitle, an edition word, a version or an architecture after them; `displayName`,
 * `publisher` and `installPath` are case-insensitive regular expressions anchored with `^`. A matcher without an
 * identifier (bundle id, prefix, Team ID) only fires when the title's publisher and bundle id, where the source
 * gives them, are its vendor's.
 */
export const matcherSchema = z
  .strictObject({
    id,
    platforms: z.array(z.enum(PLATFORMS)).min(1),
    names: z.array(z.string().min(1).max(120)).min(1).optional(),
    displayName: pattern.optional(),
    publisher: pattern.optional(),
    /** The title's publisher must be present and one of the vendor's (publisher-only catch-alls). */
    vendorPublisher: z.literal(true).optional(),
    bundleId: z.array(z.string().min(1).max(200)).min(1).optional(),
    bundleIdPrefix: z.array(z.string().min(2).max(200)).min(1).optional(),
    teamId: z
      .string()
      .regex(/^[A-Z0-9]{10}$/, 'must be a 10-character Apple Team ID')
      .optional(),
    installPath: pattern.optional(),
    versions: z
      .strictObject({ from: version.optional(), below: version.optional() })
      .refine((v) => v.from !== undefined || v.below !== undefined, 'needs from and/or below')
      .optional(),
    examples: z.array(example).min(1).optional(),
    note: z.string().max(500).optional(),
  })
  .refine(
    (m) =>
      m.names !== undefined ||
      m.displayName !== undefined ||
      m.bundleId !== undefined ||
      m.bundleIdPrefix !== undefined ||
      m.teamId !== undefined ||
      m.installPath !== undefined ||
      m.publisher !== undefined ||
      m.vendorPublisher !== undefined,
    'needs at least one of names, displayName, publisher, vendorPublisher, bundleId, bundleIdPrefix, teamId, installPath',
  )
  .refine(
    (m) =>
      m.examples !== undefined ||
      (m.displayName === undefined &&
        m.publisher === undefined &&
        m.vendorPublisher === undefined &&
        m.installPath === undefined),
    'a matcher with a pattern (displayName, publisher, vendorPublisher, installPath) needs examples: titles it must match',
  );

export const exclusionSchema = z
  .strictObject({
    id,
    platforms: z.array(z.enum(PLATFORMS)).min(1).optional(),
    displayName: pattern.optional(),
    publisher: pattern.optional(),
    bundleId: z.array(z.string().min(1).max(200)).min(1).optional(),
    bundleIdPrefix: z.array(z.string().min(2).max(200)).min(1).optional(),
    /** Does not veto a title whose publisher or bundle id is the product's vendor's (third-party-tool words). */
    unlessVendor: z.boolean().default(false),
    reason: z.string().min(1).max(500),
    examples: z.array(example).min(1).optional(),
  })
  .refine(
    (m) => m.displayName || m.publisher || m.bundleId || m.bundleIdPrefix,
    'needs at least one of displayName, publisher, bundleId, bundleIdPrefix',
  );

/** Who makes a family's products, in every form inventories show: legal names, bundle namespaces, Team IDs. */
export const vendorSchema = z.strictObject({
  id,
  name: z.string().min(1).max(200),
  /** Publisher strings (regular expressions anchored with ^): legal names in every script and legal form. */
  publishers: z.array(pattern).min(1),
  /** Bundle id / package name namespaces that belong to the vendor (`com.kaspersky.`). */
  bundleIdPrefixes: z.array(z.string().min(2).max(200)).default([]),
  teamIds: z.array(z.string().regex(/^[A-Z0-9]{10}$/, 'must be a 10-character Apple Team ID')).default([]),
  notes: z.string().max(2000).optional(),
});

export const productSchema = z.strictObject({
  id,
  name: z.string().min(1).max(200),
  /** A vendor id (from any catalog file). */
  vendor: id,
  aliases: z.array(z.string().min(1).max(200)).default([]),
  confidence,
  /**
   * Every platform the vendor ships the product on (store listings, download pages). The loader requires a matcher
   * on each, and no matcher elsewhere: a build that nothing matches would pass as clean.
   */
  ships: z.array(z.enum(PLATFORMS)).min(1),
  /** Fallback products (catch-alls) apply only when no specific product of the family matched the title. */
  fallback: z.boolean().default(false),
  rules: z.array(id).min(1),
  matchers: z.array(matcherSchema).min(1),
  exclusions: z.array(exclusionSchema).default([]),
  notes: z.string().max(2000).optional(),
});

export const catalogFileSchema = z.strictObject({
  family: id,
  description: z.string().max(2000).optional(),
  vendors: z.array(vendorSchema).default([]),
  rules: z.array(ruleSchema).default([]),
  products: z.array(productSchema).default([]),
  /** Exclusions for every product of this family (e.g. the vendor's uninstallers, whatever product they resemble). */
  exclusions: z.array(exclusionSchema).default([]),
  /** Exclusions for every product of every family (third-party tools that name a product). */
  globalExclusions: z.array(exclusionSchema).default([]),
});

export type RuleDefinition = z.infer<typeof ruleSchema>;
export type RuleScope = z.infer<typeof scope>;
export type MatcherDefinition = z.infer<typeof matcherSchema>;
export type MatcherExample = z.infer<typeof example>;
export type ExclusionDefinition = z.infer<typeof exclusionSchema>;
export type VendorDefinition = z.infer<typeof vendorSchema>;
export type ProductDefinition = z.infer<typeof productSchema>;
export type CatalogFile = z.infer<typeof catalogFileSchema>;
