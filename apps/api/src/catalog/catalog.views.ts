import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CatalogProduct, CatalogRule } from '@interdict/catalog';

/** A rule of the catalog. */
export class RuleResponse {
  @ApiProperty({ example: 'US-BIS-FD-KASPERSKY' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() citation!: string;
  @ApiProperty({ example: 'US' }) jurisdiction!: string;
  @ApiProperty({ enum: ['binding', 'advisory', 'review'] }) kind!: string;
  @ApiProperty() appliesTo!: string;
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
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ description: 'Catalog file the rule comes from' }) file!: string;
}

/** A banned or watched product with its matchers. */
export class ProductResponse {
  @ApiProperty({ example: 'kaspersky-endpoint' }) id!: string;
  @ApiProperty() family!: string;
  @ApiProperty() name!: string;
  @ApiProperty() vendor!: string;
  @ApiProperty({ type: [String] }) aliases!: string[];
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
  @ApiProperty({ description: 'Content hash of the catalog files and overlay' }) version!: string;
  @ApiProperty() products!: number;
  @ApiProperty() rules!: number;
  @ApiProperty({ type: [String] }) disabledRuleIds!: string[];
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

export function toRuleResponse(r: CatalogRule): RuleResponse {
  return {
    ...r,
    effectiveFrom: r.effectiveFrom.toISOString(),
    remediationFrom: r.remediationFrom.toISOString(),
  };
}

export function toProductResponse(p: CatalogProduct): ProductResponse {
  const { fallback: _fallback, ...rest } = p;
  return rest;
}
