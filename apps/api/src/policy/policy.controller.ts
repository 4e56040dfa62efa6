import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@interdict/auth';
import { CatalogService, type OrganisationProfile } from '@interdict/catalog';
import { PolicyPreviewService } from '@interdict/exposure';
import { PolicyPreviewRequest, PolicyPreviewResponse, PolicyResponse } from './policy.request';

@ApiTags('policy')
@Controller('api/v1/policy')
export class PolicyController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly previews: PolicyPreviewService,
  ) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({
    summary: 'The organisation profile in force (config policy:) and how every catalog rule stands under it',
  })
  @ApiOkResponse({ type: PolicyResponse })
  policy(): PolicyResponse {
    return {
      profile: copyProfile(this.catalog.profile),
      version: this.catalog.profileVersion,
      rules: this.catalog.rules().map((r) => {
        const a = this.catalog.applicability(r.id);
        return {
          ruleId: r.id,
          title: r.title,
          citation: r.citation,
          kind: r.kind,
          standing: a?.standing ?? 'off',
          why: a?.reason ?? '',
        };
      }),
    };
  }

  @Post('preview')
  @HttpCode(200)
  @Roles('analyst')
  @ApiOperation({
    summary:
      'Rule impact preview: what a changed profile (or enabling/disabling a rule) would add or remove — exposures, devices, overdue — without writing anything',
  })
  @ApiOkResponse({ type: PolicyPreviewResponse })
  async preview(@Body() body: PolicyPreviewRequest): Promise<PolicyPreviewResponse> {
    const r = await this.previews.preview(body);
    return {
      asOf: r.generatedAt.toISOString(),
      current: { ...r.current, profile: copyProfile(r.current.profile) },
      proposed: { ...r.proposed, profile: copyProfile(r.proposed.profile) },
      added: r.added,
      removed: r.removed,
      byProduct: r.byProduct,
      rules: r.rules,
      durationMs: r.durationMs,
    };
  }
}

function copyProfile(p: OrganisationProfile): PolicyResponse['profile'] {
  return {
    jurisdictions: [...p.jurisdictions],
    sectors: [...p.sectors],
    enableRules: [...p.enableRules],
    disableRules: [...p.disableRules],
  };
}
