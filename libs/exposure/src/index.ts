export { ExposureModule } from './exposure.module';
export { ExposureError, type ExposureErrorCode } from './exposure.errors';
export { ExposureService, type RecomputeOutcome } from './findings/exposure.service';
export {
  ExposureQueryService,
  type ExposureFilters,
  type FindingFilters,
  type FindingView,
  type ExposureSummary,
  type CoverageReport,
  type CoverageGap,
  type TrendPoint,
} from './findings/exposure-query.service';
export { dueDate, isOverdue } from './findings/due-date';
export { SoftwareMatchingService, type MatchingOutcome } from './matching/software-matching.service';
export { SnapshotService } from './snapshots/snapshot.service';
export {
  ExceptionService,
  type ExceptionChange,
  type NewException,
  type ExceptionView,
} from './exceptions/exception.service';
export { exceptionApplies, type ExceptionScope, type ScopedDevice } from './exceptions/exception-scope';
