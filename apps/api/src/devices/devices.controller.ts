import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@interdict/auth';
import { DeviceQueries } from './device.queries';
import { DeviceDetailResponse, DevicePageResponse } from './device.views';
import { ListDevicesQuery } from './list-devices.query';

@ApiTags('devices')
@Controller('api/v1/devices')
export class DevicesController {
  constructor(private readonly devices: DeviceQueries) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({
    summary: 'Devices filtered by source, platform, user, serial, staleness or search; cursor-paged',
  })
  list(@Query() q: ListDevicesQuery): Promise<DevicePageResponse> {
    return this.devices.list(q);
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({
    summary: 'One device with its installed software and the exposures of its physical device',
  })
  detail(@Param('id') id: string): Promise<DeviceDetailResponse> {
    return this.devices.detail(id);
  }
}
