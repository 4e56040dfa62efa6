import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@interdict/auth';
import { FindingQueries } from './finding.queries';
import { FindingPageResponse } from './finding.views';
import { ListFindingsQuery } from './list-findings.query';

@ApiTags('findings')
@Controller('api/v1/findings')
export class FindingsController {
  constructor(private readonly findings: FindingQueries) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({
    summary:
      'Findings filtered by status, overdue, product, rule, platform, source, device or search; sorted; cursor-paged',
  })
  list(@Query() q: ListFindingsQuery): Promise<FindingPageResponse> {
    return this.findings.list(q);
  }
}
