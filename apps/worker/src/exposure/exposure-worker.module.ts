import { Module } from '@nestjs/common';
import { ExposureModule } from '@interdict/exposure';
import { InventoryModule } from '@interdict/inventory';
import { ExposureScheduler } from './exposure-scheduler';

/** Worker side of exposure: recompute + snapshot after each successful sync, at start-up and daily. Loading the catalog here fails start-up on a bad catalog. */
@Module({
  imports: [ExposureModule, InventoryModule],
  providers: [ExposureScheduler],
  exports: [ExposureScheduler],
})
export class ExposureWorkerModule {}
