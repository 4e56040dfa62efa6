import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@interdict/auth';
import { ResponseCache } from '../common/response-cache';
import { FindingQueries } from './finding.queries';
import { FindingPageResponse } from './finding.views';
import { ListFindingsQuery } from './list-findings.query';

@ApiTags('findings')
@Controller('api/v1/findings')
export class FindingsController {
  // Finding pages change only when a recompute or a change lands; see ResponseCache for the freshness rules.
  private readonly pages = new ResponseCache<FindingPageResponse>(5_000);

  constructor(private readonly findings: FindingQueries) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({
    summary:
      'Findings filtered by status, overdue, product, rule, platform, source, device or search; sorted; cursor-paged',
  })
  list(@Query() q: ListFindingsQuery): Promise<FindingPageResponse> {
    return this.pages.get(JSON.stringify(q), () => this.findings.list(q));
  }
}
