import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  PLATFORMS,
  type CatalogProduct,
  type CatalogRule,
  type CatalogVendor,
  type RuleApplicability,
  type TitleDecision,
} from '@interdict/catalog';

const PLATFORM_ENUM = [...PLATFORMS];

// A title a matcher or exclusion is written for: its name alone, or the fields an inventory reports.
const EXAMPLE_TITLES: ApiPropertyOptions = {
  type: 'array',
  items: {
    oneOf: [
      { type: 'string' },
      {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string' },
          publisher: { type: 'string' },
          bundleId: { type: 'string' },
          installPath: { type: 'string' },
        },
      },
    ],
  },
  description: 'Titles it is written for (checked when the catalog loads)',
};

class RulePhaseResponse {
  @ApiProperty({ format: 'date', example: '2024-09-29' }) date!: string;
  @ApiProperty({ enum: ['restricted', 'prohibited', 'advisory', 'review'] }) status!: string;
  @ApiProperty() summary!: string;
  @ApiPropertyOptional({ description: 'This phase starts the remediation clock (default: the last phase)' })
  startsRemediation?: boolean;
}

class MatcherVersionsResponse {
  @ApiPropertyOptional({ example: '21.3' }) from?: string;
  @ApiPropertyOptional({ example: '21.16' }) below?: string;
}

/** One matcher of a product: every field it sets must hold for a title to be the product. */
class MatcherResponse {
  @ApiProperty() id!: string;
  @ApiProperty() productId!: string;
  @ApiProperty({ enum: PLATFORM_ENUM, isArray: true }) platforms!: string[];
  @ApiPropertyOptional({ type: [String], description: 'Literal product names' }) names?: string[];
  @ApiPropertyOptional({ description: 'Case-insensitive regular expression anchored with ^' })
  displayName?: string;
  @ApiPropertyOptional({ description: 'Case-insensitive regular expression anchored with ^' })
  publisher?: string;
  @ApiPropertyOptional({ enum: [true], description: "The title's publisher must be one of the vendor's" })
  vendorPublisher?: true;
  @ApiPropertyOptional({ type: [String] }) bundleId?: string[];
  @ApiPropertyOptional({ type: [String] }) bundleIdPrefix?: string[];
  @ApiPropertyOptional({ description: 'Apple Team ID' }) teamId?: string;
  @ApiPropertyOptional({ description: 'Case-insensitive regular expression anchored with ^' })
  installPath?: string;
  @ApiPropertyOptional({ type: MatcherVersionsResponse, description: 'Versions the installation must be in' })
  versions?: MatcherVersionsResponse;
  @ApiPropertyOptional(EXAMPLE_TITLES) examples?: unknown[];
  @ApiPropertyOptional() note?: string;
}

/** A lookalike title that is not the product, and why. */
class ExclusionResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['product', 'family', 'global'], description: 'Where the exclusion is declared' })
  scope!: string;
  @ApiPropertyOptional({ enum: PLATFORM_ENUM, isArray: true, description: 'Absent: every platform' })
  platforms?: string[];
  @ApiPropertyOptional() displayName?: string;
  @ApiPropertyOptional() publisher?: string;
  @ApiPropertyOptional({ type: [String] }) bundleId?: string[];
  @ApiPropertyOptional({ type: [String] }) bundleIdPrefix?: string[];
  @ApiProperty({
    description: "Does not veto a title whose publisher or bundle id is the product's vendor's",
  })
  unlessVendor!: boolean;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional(EXAMPLE_TITLES) examples?: unknown[];
}

class RuleScopeResponse {
  @ApiProperty({ example: 'US' }) jurisdiction!: string;
  @ApiPropertyOptional({ type: [String], description: 'Absent: everyone in the jurisdiction' })
  sectors?: string[];
}

/** A rule of the catalog. */
export class RuleResponse {
  @ApiProperty({ example: 'US-BIS-FD-KASPERSKY' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() citation!: string;
  @ApiProperty({ example: 'US' }) jurisdiction!: string;
  @ApiProperty({ enum: ['binding', 'advisory', 'review'] }) kind!: string;
  @ApiProperty() appliesTo!: string;
  @ApiProperty({ type: [RuleScopeResponse], description: 'Whom the rule binds' }) binds!: RuleScopeResponse[];
  @ApiProperty({ type: [RuleScopeResponse], description: 'Whom it advises (review, never overdue)' })
  advises!: RuleScopeResponse[];
  @ApiProperty({ description: 'Applies only when listed in policy.enableRules' }) optIn!: boolean;
  @ApiProperty({
    enum: ['binding', 'review', 'off'],
    description: 'How the rule stands for this organisation (its profile)',
  })
  standing!: string;
  @ApiProperty({ description: 'Why it stands so' }) why!: string;
  @ApiProperty({ type: [RulePhaseResponse] }) phases!: RulePhaseResponse[];
  @ApiProperty({ format: 'date-time' }) effectiveFrom!: string;
  @ApiProperty({ format: 'date-time' }) remediationFrom!: string;
  @ApiProperty() remediationDays!: number;
  @ApiProperty({ enum: ['critical', 'high', 'medium', 'low', 'info'] }) severity!: string;
  @ApiProperty({ format: 'uri' }) source!: string;
  @ApiProperty({ enum: ['V', 'S', 'C', 'U'] }) confidence!: string;
  @ApiPropertyOptional() notes?: string;
  @ApiProperty({ description: 'Catalog file the rule comes from' }) file!: string;
}

/** A banned or watched product with its matchers. */
export class ProductResponse {
  @ApiProperty({ example: 'kaspersky-endpoint' }) id!: string;
  @ApiProperty() family!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: "The vendor's name" }) vendor!: string;
  @ApiProperty() vendorId!: string;
  @ApiProperty({ type: [String] }) aliases!: string[];
  @ApiProperty({
    enum: PLATFORM_ENUM,
    isArray: true,
    description: 'Platforms the vendor ships it on; matchers cover each',
  })
  ships!: string[];
  @ApiProperty({ description: 'Catch-all: applies only when no specific product of the family matched' })
  fallback!: boolean;
  @ApiProperty({ enum: ['V', 'S', 'C', 'U'] }) confidence!: string;
  @ApiProperty({ type: [String] }) ruleIds!: string[];
  @ApiProperty({ type: [MatcherResponse], description: 'Matchers per platform (why a title matches)' })
  matchers!: MatcherResponse[];
  @ApiProperty({
    type: [ExclusionResponse],
    description: "The product's own exclusions, then its family's, then the global ones",
  })
  exclusions!: ExclusionResponse[];
  @ApiPropertyOptional() notes?: string;
  @ApiProperty() file!: string;
}

/** The loaded catalog at a glance. */
export class CatalogSummaryResponse {
  @ApiProperty({ description: 'Content hash of the catalog files' }) version!: string;
  @ApiProperty() vendors!: number;
  @ApiProperty() products!: number;
  @ApiProperty() rules!: number;
  @ApiProperty({ description: 'Rules that bind this organisation' }) bindingRules!: number;
  @ApiProperty({ description: 'Rules shown for review' }) reviewRules!: number;
  @ApiProperty({ type: [String] }) files!: string[];
}

/** Outcome of validating candidate catalog files. */
export class CatalogValidationResponse {
  @ApiProperty() valid!: boolean;
  @ApiProperty({ type: [String], description: 'Every problem with file, line and field' })
  problems!: string[];
  @ApiPropertyOptional({ description: 'Content hash the files would have' }) version?: string;
  @ApiPropertyOptional() products?: number;
  @ApiPropertyOptional() rules?: number;
}

/** A vendor with the identifiers that prove a title is theirs. */
export class VendorResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String], description: 'Publisher patterns: legal names in every script and form' })
  publishers!: string[];
  @ApiProperty({ type: [String] }) bundleIdPrefixes!: string[];
  @ApiProperty({ type: [String] }) teamIds!: string[];
  @ApiPropertyOptional() notes?: string;
  @ApiProperty() file!: string;
}

class TitleMatchResponse {
  @ApiProperty() productId!: string;
  @ApiProperty() matcherId!: string;
  @ApiProperty({ description: 'Why the title is the product' }) explanation!: string;
}

class TitleVetoResponse {
  @ApiProperty() productId!: string;
  @ApiProperty() exclusionId!: string;
  @ApiProperty() reason!: string;
}

/** What the catalog makes of one title: the products it is, and the exclusions that stopped a lookalike. */
export class TitleDecisionResponse {
  @ApiProperty({ type: [TitleMatchResponse] }) matches!: TitleMatchResponse[];
  @ApiProperty({ type: [TitleVetoResponse] }) exclusions!: TitleVetoResponse[];
}

export function toRuleResponse(r: CatalogRule, applicability: RuleApplicability | undefined): RuleResponse {
  return {
    ...r,
    standing: applicability?.standing ?? 'off',
    why: applicability?.reason ?? '',
    effectiveFrom: r.effectiveFrom.toISOString(),
    remediationFrom: r.remediationFrom.toISOString(),
  };
}

export function toProductResponse(p: CatalogProduct): ProductResponse {
  return p;
}

export function toVendorResponse(v: CatalogVendor): VendorResponse {
  return v;
}

export function toDecisionResponse(d: TitleDecision): TitleDecisionResponse {
  return {
    matches: d.matches.map(({ productId, matcherId, explanation }) => ({
      productId,
      matcherId,
      explanation,
    })),
    exclusions: d.exclusions,
  };
}
