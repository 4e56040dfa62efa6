import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@interdict/auth';
import { buildCatalog, CatalogError, CatalogService } from '@interdict/catalog';
import { ApiRequestError } from '../common/api-request.error';
import {
  CatalogSummaryResponse,
  CatalogValidationResponse,
  ProductResponse,
  RuleResponse,
  TitleDecisionResponse,
  toDecisionResponse,
  toProductResponse,
  toRuleResponse,
  toVendorResponse,
  VendorResponse,
} from './catalog.view';
import { MatchTitleRequest, ValidateCatalogRequest } from './validate-catalog.request';

@ApiTags('catalog')
@Controller('api/v1/catalog')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({
    summary: 'The loaded catalog: version, counts, how many rules bind this organisation, files',
  })
  @ApiOkResponse({ type: CatalogSummaryResponse })
  summary(): CatalogSummaryResponse {
    const c = this.catalog.catalog;
    const standing = [...this.catalog.policy.applicability.values()];
    return {
      version: c.version,
      vendors: c.vendors.length,
      products: c.products.length,
      rules: c.rules.length,
      bindingRules: standing.filter((r) => r.standing === 'binding').length,
      reviewRules: standing.filter((r) => r.standing === 'review').length,
      files: c.files,
    };
  }

  @Get('vendors')
  @Roles('viewer')
  @ApiOperation({
    summary: 'Vendors: legal names in every script and form, bundle namespaces, Apple Team IDs',
  })
  @ApiOkResponse({ type: [VendorResponse] })
  vendors(): VendorResponse[] {
    return this.catalog.catalog.vendors.map(toVendorResponse);
  }

  @Post('match')
  @HttpCode(200)
  @Roles('viewer')
  @ApiOperation({
    summary:
      'Why tester: which product a title is (the matcher that fires and why) or which exclusion stops it — the matcher production uses',
  })
  @ApiOkResponse({ type: TitleDecisionResponse })
  match(@Body() body: MatchTitleRequest): TitleDecisionResponse {
    return toDecisionResponse(this.catalog.matcher.decide(body));
  }

  @Get('products')
  @Roles('viewer')
  @ApiOperation({ summary: 'Banned and watched products with their matchers' })
  @ApiOkResponse({ type: [ProductResponse] })
  products(): ProductResponse[] {
    return this.catalog.products().map(toProductResponse);
  }

  @Get('products/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One product' })
  @ApiOkResponse({ type: ProductResponse })
  product(@Param('id') id: string): ProductResponse {
    const p = this.catalog.productById(id);
    if (!p) throw new ApiRequestError('not_found', `No catalog product "${id.slice(0, 80)}"`, 'id');
    return toProductResponse(p);
  }

  @Get('rules')
  @Roles('viewer')
  @ApiOperation({
    summary:
      'Rules (bans and advisories) with dates, citations, remediation windows, whom they bind and how they stand for this organisation',
  })
  @ApiOkResponse({ type: [RuleResponse] })
  rules(): RuleResponse[] {
    return this.catalog.rules().map((r) => toRuleResponse(r, this.catalog.applicability(r.id)));
  }

  @Get('rules/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One rule' })
  @ApiOkResponse({ type: RuleResponse })
  rule(@Param('id') id: string): RuleResponse {
    const r = this.catalog.ruleById(id);
    if (!r) throw new ApiRequestError('not_found', `No catalog rule "${id.slice(0, 80)}"`, 'id');
    return toRuleResponse(r, this.catalog.applicability(r.id));
  }

  @Post('validate')
  @HttpCode(200)
  @Roles('analyst')
  @ApiOperation({ summary: 'Check candidate catalog files (YAML) as a whole catalog; nothing is stored' })
  @ApiOkResponse({ type: CatalogValidationResponse })
  validate(@Body() body: ValidateCatalogRequest): CatalogValidationResponse {
    try {
      const c = buildCatalog(body.files);
      return {
        valid: true,
        problems: [],
        version: c.version,
        products: c.products.length,
        rules: c.rules.length,
      };
    } catch (err) {
      if (err instanceof CatalogError) return { valid: false, problems: [...err.problems] };
      throw err;
    }
  }
}
