import { Module } from '@nestjs/common';
import { ExposureModule } from '@interdict/exposure';
import { SoftwareController } from './software.controller';

/** Distinct titles and what the catalog makes of them, over HTTP. */
@Module({ imports: [ExposureModule], controllers: [SoftwareController] })
export class SoftwareApiModule {}
