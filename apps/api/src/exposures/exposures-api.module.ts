import { Module } from '@nestjs/common';
import { ExposureModule } from '@interdict/exposure';
import { ExposuresController } from './exposures.controller';

/** The exposure list (and its former name, the findings) and one exposure with its evidence, over HTTP. */
@Module({ imports: [ExposureModule], controllers: [ExposuresController] })
export class ExposuresApiModule {}
