import { z } from 'zod';

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
const pattern = z.string().min(1).max(300);
const version = z.string().regex(/^\d+(\.\d+)*$/, 'must be a dotted numeric version such as 21.3 or 11.9.0');

/** One phase of a rule: from `date` on, the rule has this status (e.g. no new sales, then no updates). */
const phase = z.strictObject({
  date: isoDate,
  status: z.enum(['restricted', 'prohibited', 'advisory', 'review']),
  summary: z.string().min(1).max(300),
  /** The phase whose date starts the remediation clock; default: the last phase. */
  startsRemediation: z.boolean().optional(),
});

export const ruleSchema = z.strictObject({
  id,
  title: z.string().min(1).max(200),
  citation: z.string().min(1).max(300),
  jurisdiction: z.string().min(2).max(40),
  /** binding = law/regulation for those in scope; advisory = official warning; review = look at it, not banned. */
  kind: z.enum(['binding', 'advisory', 'review']),
  appliesTo: z.string().min(1).max(300),
  phases: z.array(phase).min(1),
  remediationDays: z.number().int().min(0).max(3650),
  severity: z.enum(['critical', 'high', 'medium', 'low', 'info']),
  source: z.url(),
  confidence,
  notes: z.string().max(2000).optional(),
});

/**
 * A matcher fires when every field it sets holds (fields combine with AND). Name and publisher patterns are
 * case-insensitive regular expressions that must be anchored with `^`.
 */
export const matcherSchema = z
  .strictObject({
    id,
    platforms: z.array(z.enum(PLATFORMS)).min(1),
    displayName: pattern.optional(),
    publisher: pattern.optional(),
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
    note: z.string().max(500).optional(),
  })
  .refine(
    (m) =>
      m.displayName !== undefined ||
      m.bundleId !== undefined ||
      m.bundleIdPrefix !== undefined ||
      m.teamId !== undefined ||
      m.installPath !== undefined ||
      m.publisher !== undefined,
    'needs at least one of displayName, publisher, bundleId, bundleIdPrefix, teamId, installPath',
  );

export const exclusionSchema = z
  .strictObject({
    id,
    platforms: z.array(z.enum(PLATFORMS)).min(1).optional(),
    displayName: pattern.optional(),
    publisher: pattern.optional(),
    bundleId: z.array(z.string().min(1).max(200)).min(1).optional(),
    bundleIdPrefix: z.array(z.string().min(2).max(200)).min(1).optional(),
    reason: z.string().min(1).max(500),
  })
  .refine(
    (m) => m.displayName || m.publisher || m.bundleId || m.bundleIdPrefix,
    'needs at least one of displayName, publisher, bundleId, bundleIdPrefix',
  );

export const productSchema = z.strictObject({
  id,
  name: z.string().min(1).max(200),
  vendor: z.string().min(1).max(200),
  aliases: z.array(z.string().min(1).max(200)).default([]),
  confidence,
  /** Fallback products (catch-alls) apply only when no specific product matched the title. */
  fallback: z.boolean().default(false),
  rules: z.array(id).min(1),
  matchers: z.array(matcherSchema).min(1),
  exclusions: z.array(exclusionSchema).default([]),
  notes: z.string().max(2000).optional(),
});

export const catalogFileSchema = z.strictObject({
  family: id,
  description: z.string().max(2000).optional(),
  rules: z.array(ruleSchema).default([]),
  products: z.array(productSchema).default([]),
});

export type RuleDefinition = z.infer<typeof ruleSchema>;
export type MatcherDefinition = z.infer<typeof matcherSchema>;
export type ExclusionDefinition = z.infer<typeof exclusionSchema>;
export type ProductDefinition = z.infer<typeof productSchema>;
export type CatalogFile = z.infer<typeof catalogFileSchema>;
