import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@interdict/auth';
import { buildCatalog, CatalogError, CatalogService } from '@interdict/catalog';
import { ApiRequestError } from '../common/api-request.error';
import {
  CatalogSummaryResponse,
  CatalogValidationResponse,
  ProductResponse,
  RuleResponse,
  toProductResponse,
  toRuleResponse,
} from './catalog.views';
import { ValidateCatalogRequest } from './validate-catalog.request';

@ApiTags('catalog')
@Controller('api/v1/catalog')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'The loaded catalog: version, counts, files' })
  summary(): CatalogSummaryResponse {
    const c = this.catalog.catalog;
    return {
      version: c.version,
      products: c.products.length,
      rules: c.rules.length,
      disabledRuleIds: c.disabledRuleIds,
      files: c.files,
    };
  }

  @Get('products')
  @Roles('viewer')
  @ApiOperation({ summary: 'Banned and watched products with their matchers' })
  products(): ProductResponse[] {
    return this.catalog.products().map(toProductResponse);
  }

  @Get('products/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One product' })
  product(@Param('id') id: string): ProductResponse {
    const p = this.catalog.productById(id);
    if (!p) throw new ApiRequestError('not_found', `No catalog product "${id.slice(0, 80)}"`, 'id');
    return toProductResponse(p);
  }

  @Get('rules')
  @Roles('viewer')
  @ApiOperation({ summary: 'Rules (bans and advisories) with dates, citations and remediation windows' })
  rules(): RuleResponse[] {
    return this.catalog.rules().map(toRuleResponse);
  }

  @Get('rules/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One rule' })
  rule(@Param('id') id: string): RuleResponse {
    const r = this.catalog.ruleById(id);
    if (!r) throw new ApiRequestError('not_found', `No catalog rule "${id.slice(0, 80)}"`, 'id');
    return toRuleResponse(r);
  }

  @Post('validate')
  @HttpCode(200)
  @Roles('analyst')
  @ApiOperation({ summary: 'Check candidate catalog files (YAML) as a whole catalog; nothing is stored' })
  validate(@Body() body: ValidateCatalogRequest): CatalogValidationResponse {
    try {
      const c = buildCatalog(body.files, body.disabledRules ?? []);
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
