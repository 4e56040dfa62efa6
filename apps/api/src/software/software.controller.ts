import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@interdict/auth';
import { SearchSoftwareQuery } from './list-software.query';
import { SoftwareQueries } from './software.queries';
import { SoftwareDetailResponse, SoftwarePageResponse } from './software.views';

@ApiTags('software')
@Controller('api/v1/software')
export class SoftwareController {
  constructor(private readonly software: SoftwareQueries) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Search distinct software titles (with the catalog products they match)' })
  search(@Query() q: SearchSoftwareQuery): Promise<SoftwarePageResponse> {
    return this.software.search(q);
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One title with its device count per version' })
  detail(@Param('id') id: string): Promise<SoftwareDetailResponse> {
    return this.software.detail(id);
  }
}
