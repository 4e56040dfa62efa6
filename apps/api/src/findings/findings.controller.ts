import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '@interdict/auth';
import { HotReads, jsonAnswer, type JsonAnswer } from '../common/hot-reads';
import { ResponseCache } from '../common/response-cache';
import { FindingQueries } from './finding.queries';
import { FindingPageResponse } from './finding.views';
import { ListFindingsQuery } from './list-findings.query';

@ApiTags('findings')
@Controller('api/v1/findings')
export class FindingsController {
  // Finding pages change only when a recompute or a change lands; see ResponseCache for the freshness rules.
  private readonly pages = new ResponseCache<JsonAnswer>(5_000);

  constructor(
    private readonly findings: FindingQueries,
    private readonly hot: HotReads,
  ) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({
    summary:
      'Findings filtered by status, overdue, product, rule, platform, source, device or search; sorted; cursor-paged',
  })
  @ApiOkResponse({ type: FindingPageResponse })
  async list(@Query() q: ListFindingsQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.hot.serve(req, res, this.pages, JSON.stringify(q), async () =>
      jsonAnswer(await this.findings.list(q)),
    );
  }
}
