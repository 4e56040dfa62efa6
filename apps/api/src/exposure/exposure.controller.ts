import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '@interdict/auth';
import { ExposureQueryService } from '@interdict/exposure';
import { HotRead, HotReads, jsonAnswer, type JsonAnswer } from '../common/hot-reads';
import { ResponseCache } from '../common/response-cache';
import { CoverageGapsQuery, ExposureSummaryQuery, ExposureTrendQuery } from './exposure.request';
import {
  CoverageGapPageResponse,
  CoverageResponse,
  ExposureSummaryResponse,
  ExposureTrendResponse,
} from './exposure.view';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
// Summary, coverage and trend are aggregates over the whole fleet; see ResponseCache for why a few seconds is fine.
const CACHE_MS = 5_000;

@ApiTags('exposure')
@Controller('api/v1/exposure')
export class ExposureController {
  private readonly summaries = new ResponseCache<JsonAnswer>(CACHE_MS);
  private readonly coverages = new ResponseCache<JsonAnswer>(CACHE_MS);
  private readonly trends = new ResponseCache<JsonAnswer>(CACHE_MS);

  constructor(
    private readonly exposure: ExposureQueryService,
    private readonly hot: HotReads,
  ) {}

  @Get('summary')
  @Roles('viewer')
  @HotRead()
  @ApiOperation({
    summary:
      'Exposure now: exposed devices, exposures (one per device and product) by product with their rules, the per-rule view, coverage, data age',
  })
  @ApiOkResponse({ type: ExposureSummaryResponse })
  async summary(@Query() q: ExposureSummaryQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const filters = { productId: q.product, ruleId: q.rule, platform: q.platform, sourceId: q.source };
    await this.hot.serve(req, res, this.summaries, JSON.stringify(filters), async () => {
      const s = await this.exposure.summary(filters);
      const body: ExposureSummaryResponse = {
        asOf: s.generatedAt.toISOString(),
        catalogVersion: s.catalogVersion,
        profileVersion: s.profileVersion,
        ...s.totals,
        byProduct: s.byProduct.map((p) => ({ ...p, nextDueAt: iso(p.nextDueAt) })),
        byRule: s.byRule,
        coverage: {
          devices: s.coverage.devices,
          staleDevices: s.coverage.stale,
          neverReportedDevices: s.coverage.neverReportedApps,
          coveredDevices: s.coverage.covered,
        },
        dataAsOf: s.dataAsOf.map((d) => ({ ...d, lastSucceededAt: iso(d.lastSucceededAt) })),
      };
      return jsonAnswer(body);
    });
  }

  @Get('trend')
  @Roles('viewer')
  @HotRead()
  @ApiOperation({ summary: 'Daily exposure totals for the last N days (default 90), oldest first' })
  @ApiOkResponse({ type: ExposureTrendResponse })
  async trend(@Query() q: ExposureTrendQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const days = q.days ?? 90;
    await this.hot.serve(req, res, this.trends, String(days), async () => {
      const body: ExposureTrendResponse = {
        days,
        points: (await this.exposure.trend(days)).map((p) => ({
          day: p.day,
          exposedDevices: p.exposedDevices,
          exposures: p.open,
          newExposures: p.new,
          resolvedExposures: p.resolved,
          overdueExposures: p.overdue,
          exceptedExposures: p.excepted,
          devicesCovered: p.devicesCovered,
        })),
      };
      return jsonAnswer(body);
    });
  }

  @Get('coverage')
  @Roles('viewer')
  @HotRead()
  @ApiOperation({
    summary: 'Coverage gaps per source and platform: stale check-ins and devices that never reported apps',
  })
  @ApiOkResponse({ type: CoverageResponse })
  async coverage(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.hot.serve(req, res, this.coverages, 'all', async () => {
      const now = new Date();
      const c = await this.exposure.coverage(now);
      const body: CoverageResponse = {
        asOf: now.toISOString(),
        staleAfterDays: c.staleAfterDays,
        devices: c.totals.devices,
        staleDevices: c.totals.stale,
        neverReportedDevices: c.totals.neverReportedApps,
        coveredDevices: c.totals.covered,
        bySource: c.bySourcePlatform.map((r) => ({
          sourceId: r.sourceId,
          sourceName: r.sourceName,
          platform: r.platform,
          devices: r.devices,
          staleDevices: r.stale,
          neverReportedDevices: r.neverReportedApps,
          coveredDevices: r.covered,
        })),
      };
      return jsonAnswer(body);
    });
  }

  @Get('coverage/devices')
  @Roles('viewer')
  @ApiOperation({ summary: 'The coverage-gap devices themselves, with the reasons, cursor-paged' })
  @ApiOkResponse({ type: CoverageGapPageResponse })
  async coverageDevices(@Query() q: CoverageGapsQuery): Promise<CoverageGapPageResponse> {
    const page = await this.exposure.listCoverageGaps(
      { sourceId: q.source, platform: q.platform, limit: q.limit ?? 100 },
      q.cursor,
    );
    return {
      items: page.items.map((g) => ({
        deviceId: g.deviceId,
        sourceId: g.sourceId,
        name: g.name,
        serialNumber: g.serialNumber,
        platform: g.platform,
        userPrincipalName: g.user,
        lastCheckInAt: iso(g.lastCheckInAt),
        reasons: g.reasons,
      })),
      nextCursor: page.nextCursor,
    };
  }
}
