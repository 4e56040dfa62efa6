import { Module } from '@nestjs/common';
import { ExposureModule } from '@interdict/exposure';
import { ExceptionsController } from './exceptions.controller';

/** Exceptions (risk acceptances) over HTTP. */
@Module({ imports: [ExposureModule], controllers: [ExceptionsController] })
export class ExceptionsApiModule {}
