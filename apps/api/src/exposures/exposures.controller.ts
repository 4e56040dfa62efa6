import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '@interdict/auth';
import { ExposureQueryService, type ExposureListFilters } from '@interdict/exposure';
import { ApiRequestError } from '../common/api-request.error';
import { HotRead, HotReads, jsonAnswer, type JsonAnswer } from '../common/hot-reads';
import { ResponseCache } from '../common/response-cache';
import {
  ExposureDetailResponse,
  ExposurePageResponse,
  toExposureDetailResponse,
  toExposureResponse,
} from './exposure-item.view';
import { ListExposuresQuery } from './list-exposures.request';

const toFilters = (q: ListExposuresQuery): ExposureListFilters => ({
  status: q.status,
  overdue: q.overdue,
  standing: q.standing,
  severity: q.severity,
  productId: q.product,
  ruleId: q.rule,
  platform: q.platform,
  sourceId: q.source,
  deviceId: q.device,
  q: q.q,
  sort: q.sort,
  limit: q.limit ?? 50,
  cursor: q.cursor,
  withTotal: q.total,
});

@ApiTags('exposures')
@Controller('api/v1')
export class ExposuresController {
  // Exposure pages change only when a recompute or a change lands; see ResponseCache for the freshness rules.
  private readonly pages = new ResponseCache<JsonAnswer>(5_000);

  constructor(
    private readonly exposures: ExposureQueryService,
    private readonly hot: HotReads,
  ) {}

  @Get('exposures')
  @Roles('viewer')
  @HotRead()
  @ApiOperation({
    summary:
      'Exposures (one per physical device and product) filtered by status, overdue, standing, severity, product, rule, platform, source, device or search; sorted; cursor-paged',
  })
  @ApiOkResponse({ type: ExposurePageResponse })
  async list(@Query() q: ListExposuresQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.serveList(q, req, res);
  }

  @Get('findings')
  @Roles('viewer')
  @HotRead()
  @ApiOperation({
    summary: 'Deprecated: the exposure list under its former name (same query, same items)',
    deprecated: true,
  })
  @ApiOkResponse({ type: ExposurePageResponse })
  async findings(@Query() q: ListExposuresQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.serveList(q, req, res);
  }

  @Get('exposures/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One exposure with every piece of evidence and every rule behind it' })
  @ApiOkResponse({ type: ExposureDetailResponse })
  async get(@Param('id') id: string): Promise<ExposureDetailResponse> {
    const detail = await this.exposures.getExposure(id);
    if (!detail) throw new ApiRequestError('not_found', `No exposure "${id.slice(0, 40)}"`, 'id');
    return toExposureDetailResponse(detail);
  }

  private async serveList(q: ListExposuresQuery, req: Request, res: Response): Promise<void> {
    await this.hot.serve(req, res, this.pages, JSON.stringify(q), async () => {
      const page = await this.exposures.listExposures(toFilters(q));
      return jsonAnswer({
        items: page.items.map(toExposureResponse),
        nextCursor: page.nextCursor,
        ...(page.total === undefined ? {} : { total: page.total }),
      });
    });
  }
}
