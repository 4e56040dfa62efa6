import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  CatalogProduct,
  CatalogRule,
  CatalogVendor,
  RuleApplicability,
  TitleDecision,
} from '@interdict/catalog';

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
  @ApiProperty({ type: 'array', items: { type: 'object' } }) phases!: {
    date: string;
    status: string;
    summary: string;
  }[];
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
  @ApiProperty({ type: [String], description: 'Platforms the vendor ships it on; matchers cover each' })
  ships!: string[];
  @ApiProperty({ description: 'Catch-all: applies only when no specific product of the family matched' })
  fallback!: boolean;
  @ApiProperty({ enum: ['V', 'S', 'C', 'U'] }) confidence!: string;
  @ApiProperty({ type: [String] }) ruleIds!: string[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Matchers per platform (why a title matches)',
  })
  matchers!: object[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) exclusions!: object[];
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
