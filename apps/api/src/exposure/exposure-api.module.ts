import { Module } from '@nestjs/common';
import { ExposureModule } from '@interdict/exposure';
import { DevicesController } from '../devices/devices.controller';
import { ExceptionsController } from '../exceptions/exceptions.controller';
import { ExposuresController } from '../exposures/exposures.controller';
import { PolicyController } from '../policy/policy.controller';
import { SoftwareController } from '../software/software.controller';
import { ExposureController } from './exposure.controller';

/** Exposure, the exposure list, the organisation policy, exceptions, devices and software over HTTP. */
@Module({
  imports: [ExposureModule],
  controllers: [
    ExposureController,
    ExposuresController,
    PolicyController,
    ExceptionsController,
    DevicesController,
    SoftwareController,
  ],
})
export class ExposureApiModule {}
