import { Module } from '@nestjs/common';
import { CatalogModule } from '@interdict/catalog';
import { ExceptionService } from './exceptions/exception.service';
import { ExposureQueryService } from './findings/exposure-query.service';
import { ExposureService } from './findings/exposure.service';
import { SoftwareMatchingService } from './matching/software-matching.service';
import { SnapshotService } from './snapshots/snapshot.service';

/** Findings, exceptions, coverage and snapshots over the catalog (DESIGN §6). Needs ConfigModule and DatabaseModule. */
@Module({
  imports: [CatalogModule],
  providers: [
    SoftwareMatchingService,
    ExposureService,
    ExposureQueryService,
    SnapshotService,
    ExceptionService,
  ],
  exports: [
    SoftwareMatchingService,
    ExposureService,
    ExposureQueryService,
    SnapshotService,
    ExceptionService,
    CatalogModule,
  ],
})
export class ExposureModule {}
