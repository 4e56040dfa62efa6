import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@interdict/auth';
import { SoftwareQueryService } from '@interdict/exposure';
import { SearchSoftwareQuery } from './list-software.request';
import {
  SoftwareDetailResponse,
  SoftwarePageResponse,
  toSoftwareDetailResponse,
  toSoftwarePageResponse,
} from './software.view';

@ApiTags('software')
@Controller('api/v1/software')
export class SoftwareController {
  constructor(private readonly software: SoftwareQueryService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Search distinct software titles (with the catalog products they match)' })
  @ApiOkResponse({ type: SoftwarePageResponse })
  async search(@Query() q: SearchSoftwareQuery): Promise<SoftwarePageResponse> {
    const { total, ...filters } = q;
    return toSoftwarePageResponse(await this.software.list({ ...filters, withTotal: total }));
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One title with its device count per version' })
  @ApiOkResponse({ type: SoftwareDetailResponse })
  async detail(@Param('id') id: string): Promise<SoftwareDetailResponse> {
    return toSoftwareDetailResponse(await this.software.detail(id));
  }
}
