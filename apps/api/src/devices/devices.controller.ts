import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@interdict/auth';
import { DeviceQueryService } from '@interdict/exposure';
import {
  DeviceDetailResponse,
  DevicePageResponse,
  toDeviceDetailResponse,
  toDevicePageResponse,
} from './device.view';
import { ListDevicesQuery } from './list-devices.request';

@ApiTags('devices')
@Controller('api/v1/devices')
export class DevicesController {
  constructor(private readonly devices: DeviceQueryService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({
    summary: 'Devices filtered by source, platform, user, serial, staleness or search; cursor-paged',
  })
  @ApiOkResponse({ type: DevicePageResponse })
  async list(@Query() q: ListDevicesQuery): Promise<DevicePageResponse> {
    const { source, total, ...filters } = q;
    return toDevicePageResponse(await this.devices.list({ ...filters, sourceId: source, withTotal: total }));
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({
    summary: 'One device with its installed software and the exposures of its physical device',
  })
  @ApiOkResponse({ type: DeviceDetailResponse })
  async detail(@Param('id') id: string): Promise<DeviceDetailResponse> {
    return toDeviceDetailResponse(await this.devices.detail(id));
  }
}
