import { Module } from '@nestjs/common';
import { ExposureModule } from '@interdict/exposure';
import { DeviceQueries } from '../devices/device.queries';
import { DevicesController } from '../devices/devices.controller';
import { ExceptionsController } from '../exceptions/exceptions.controller';
import { FindingQueries } from '../findings/finding.queries';
import { FindingsController } from '../findings/findings.controller';
import { SoftwareController, SoftwareQueries } from '../software/software.api';
import { ExposureController } from './exposure.controller';

/** Exposure, findings, exceptions, devices and software over HTTP. */
@Module({
  imports: [ExposureModule],
  controllers: [
    ExposureController,
    FindingsController,
    ExceptionsController,
    DevicesController,
    SoftwareController,
  ],
  providers: [FindingQueries, DeviceQueries, SoftwareQueries],
})
export class ExposureApiModule {}
