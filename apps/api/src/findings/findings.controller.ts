import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '@interdict/auth';
import { sendJsonText } from '../common/json-text';
import { ResponseCache } from '../common/response-cache';
import { FindingQueries } from './finding.queries';
import { FindingPageResponse } from './finding.views';
import { ListFindingsQuery } from './list-findings.query';

@ApiTags('findings')
@Controller('api/v1/findings')
export class FindingsController {
  // Finding pages change only when a recompute or a change lands; see ResponseCache for the freshness rules.
  private readonly pages = new ResponseCache<string>(5_000);

  constructor(private readonly findings: FindingQueries) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({
    summary:
      'Findings filtered by status, overdue, product, rule, platform, source, device or search; sorted; cursor-paged',
  })
  @ApiOkResponse({ type: FindingPageResponse })
  async list(@Query() q: ListFindingsQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
    const text = await this.pages.get(JSON.stringify(q), async () =>
      JSON.stringify(await this.findings.list(q)),
    );
    return sendJsonText(res, text);
  }
}
