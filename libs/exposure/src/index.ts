export { ExposureModule } from './exposure.module';
export { ExposureError, type ExposureErrorCode } from './exposure.errors';
export { ExposureService, type RecomputeOutcome } from './exposures/exposure.service';
export {
  ExposureQueryService,
  EXPOSURE_SORTS,
  type ExposureSort,
  type ExposureFilters,
  type ExposureListFilters,
  type ExposureView,
  type ExposureDetail,
  type EvidenceView,
  type ExposureSummary,
  type CoverageReport,
  type CoverageGap,
  type TrendPoint,
} from './exposures/exposure-query.service';
export {
  DeviceQueryService,
  DEVICE_SORTS,
  type DeviceListFilters,
  type DeviceSort,
  type DeviceView,
  type DeviceDetail,
  type InstallationView,
} from './fleet/device-query.service';
export {
  SoftwareQueryService,
  SOFTWARE_SORTS,
  type SoftwareListFilters,
  type SoftwareSort,
  type SoftwareView,
  type SoftwareDetail,
} from './fleet/software-query.service';
export type { ExposureRuleView } from './exposures/rule-views';
export { coverageGapSql, coveredDevicesCountSql, coveredRecordSql } from './exposures/coverage.queries';
export { activeCountsSql, dueDate, exposureDueDate, isOverdue, overdueSql } from './exposures/due-date';
export { SoftwareMatchingService, type MatchingOutcome } from './matching/software-matching.service';
export { SnapshotService } from './snapshots/snapshot.service';
export {
  PolicyPreviewService,
  type PolicyPreview,
  type PreviewCounts,
  type ProfileChange,
} from './policy/policy-preview.service';
export {
  ExceptionService,
  type ExceptionChange,
  type NewException,
  type ExceptionView,
} from './exceptions/exception.service';
export { exceptionApplies, type ExceptionScope, type ScopedDevice } from './exceptions/exception-scope';
