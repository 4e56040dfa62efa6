import { Module } from '@nestjs/common';
import { ExposureModule } from '@interdict/exposure';
import { DevicesController } from './devices.controller';

/** Devices with their installations and the exposures of their physical device, over HTTP. */
@Module({ imports: [ExposureModule], controllers: [DevicesController] })
export class DevicesApiModule {}
