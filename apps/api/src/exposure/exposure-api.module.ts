import { Module } from '@nestjs/common';
import { ExposureModule } from '@interdict/exposure';
import { PolicyController } from '../policy/policy.controller';
import { ExposureController } from './exposure.controller';

/** Exposure at a glance — summary, trend, coverage — and the organisation policy with its preview, over HTTP. */
@Module({ imports: [ExposureModule], controllers: [ExposureController, PolicyController] })
export class ExposureApiModule {}
