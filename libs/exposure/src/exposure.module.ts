import { Module } from '@nestjs/common';
import { CatalogModule } from '@interdict/catalog';
import { ExceptionService } from './exceptions/exception.service';
import { ExposureQueryService } from './exposures/exposure-query.service';
import { ExposureService } from './exposures/exposure.service';
import { DeviceQueryService } from './fleet/device-query.service';
import { SoftwareQueryService } from './fleet/software-query.service';
import { PolicyPreviewService } from './policy/policy-preview.service';
import { SoftwareMatchingService } from './matching/software-matching.service';
import { SnapshotService } from './snapshots/snapshot.service';

const SERVICES = [
  SoftwareMatchingService,
  ExposureService,
  ExposureQueryService,
  DeviceQueryService,
  SoftwareQueryService,
  SnapshotService,
  ExceptionService,
  PolicyPreviewService,
];

/** Exposures, the devices and titles behind them, exceptions, coverage, snapshots and the policy preview over the catalog (docs/architecture.md). Needs ConfigModule and DatabaseModule. */
@Module({
  imports: [CatalogModule],
  providers: SERVICES,
  exports: [...SERVICES, CatalogModule],
})
export class ExposureModule {}
