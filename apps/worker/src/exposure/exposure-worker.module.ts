import { Module } from '@nestjs/common';
import { ExposureModule } from '@interdict/exposure';
import { ExposureScheduler } from './exposure-scheduler';

/** Worker side of exposure: start-up and daily recompute + snapshot. Loading the catalog here fails start-up on a bad catalog. */
@Module({
  imports: [ExposureModule],
  providers: [ExposureScheduler],
  exports: [ExposureScheduler],
})
export class ExposureWorkerModule {}
