import { ApiProperty } from '@nestjs/swagger';

/** What "covered" means wherever the API counts covered devices (coveredDevicesCountSql in libs/exposure). */
const COVERED_DEVICES =
  'Physical devices with a record that checked in within exposure.staleAfterDays and reported its apps (a device two sources report counts once)';

class RuleStanding {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['binding', 'review', 'off'] }) standing!: string;
}

class ExposureProductRow {
  @ApiProperty() productId!: string;
  @ApiProperty() productName!: string;
  @ApiProperty({ nullable: true, type: String }) vendor!: string | null;
  @ApiProperty({ description: 'Highest severity among the rules that apply' }) severity!: string;
  @ApiProperty({ description: 'Open exposures (one per physical device)' }) exposures!: number;
  @ApiProperty({ description: 'Physical devices, counted once even when seen by two sources' })
  exposedDevices!: number;
  @ApiProperty() overdueExposures!: number;
  @ApiProperty({ description: 'Open under review rules only: no due date' }) reviewExposures!: number;
  @ApiProperty() exceptedExposures!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) nextDueAt!: string | null;
  @ApiProperty({ type: [RuleStanding], description: 'The rules that apply to the product, binding first' })
  rules!: RuleStanding[];
}

class ExposureRuleRow {
  @ApiProperty() ruleId!: string;
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty({ nullable: true, type: String }) citation!: string | null;
  @ApiProperty({ nullable: true, type: String }) kind!: string | null;
  @ApiProperty({ enum: ['binding', 'review', 'off'] }) standing!: string;
  @ApiProperty({ description: 'Open exposures the rule applies to' }) exposures!: number;
  @ApiProperty() exposedDevices!: number;
  @ApiProperty() overdueExposures!: number;
  @ApiProperty() exceptedExposures!: number;
}

class CoverageTotals {
  @ApiProperty() devices!: number;
  @ApiProperty() staleDevices!: number;
  @ApiProperty() neverReportedDevices!: number;
  @ApiProperty({ description: COVERED_DEVICES })
  coveredDevices!: number;
}

class DataAge {
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty() sourceName!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastSucceededAt!: string | null;
}

/** Exposure now: totals, per product (rules as a breakdown) and per rule, coverage and the age of the data. */
export class ExposureSummaryResponse {
  @ApiProperty({ format: 'date-time', description: 'When these numbers were computed' }) asOf!: string;
  @ApiProperty() catalogVersion!: string;
  @ApiProperty({ description: 'The organisation profile the rules were applied under' })
  profileVersion!: string;
  @ApiProperty({ description: 'Physical devices with an open exposure (binding or review)' })
  exposedDevices!: number;
  @ApiProperty({ description: 'Open exposures: one per physical device and product' }) exposures!: number;
  @ApiProperty() overdueExposures!: number;
  @ApiProperty() overdueDevices!: number;
  @ApiProperty({ description: 'Open exposures under review rules only (no due date, never overdue)' })
  reviewExposures!: number;
  @ApiProperty() exceptedExposures!: number;
  @ApiProperty({ type: [ExposureProductRow] }) byProduct!: ExposureProductRow[];
  @ApiProperty({ type: [ExposureRuleRow], description: 'The per-rule view' }) byRule!: ExposureRuleRow[];
  @ApiProperty({ type: CoverageTotals }) coverage!: CoverageTotals;
  @ApiProperty({ type: [DataAge] }) dataAsOf!: DataAge[];
}

class TrendPointResponse {
  @ApiProperty({ example: '2026-11-27' }) day!: string;
  @ApiProperty() exposedDevices!: number;
  @ApiProperty({ description: 'Open exposures that day' }) exposures!: number;
  @ApiProperty() newExposures!: number;
  @ApiProperty() resolvedExposures!: number;
  @ApiProperty() overdueExposures!: number;
  @ApiProperty() exceptedExposures!: number;
  @ApiProperty({ description: COVERED_DEVICES })
  devicesCovered!: number;
}

/** Daily totals from the snapshots, oldest first. */
export class ExposureTrendResponse {
  @ApiProperty() days!: number;
  @ApiProperty({ type: [TrendPointResponse] }) points!: TrendPointResponse[];
}

class CoverageRow {
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty() sourceName!: string;
  @ApiProperty() platform!: string;
  @ApiProperty() devices!: number;
  @ApiProperty() staleDevices!: number;
  @ApiProperty() neverReportedDevices!: number;
  @ApiProperty({ description: COVERED_DEVICES })
  coveredDevices!: number;
}

/** Devices whose inventory cannot be vouched for (stale check-in, apps never reported). */
export class CoverageResponse {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty() staleAfterDays!: number;
  @ApiProperty() devices!: number;
  @ApiProperty() staleDevices!: number;
  @ApiProperty() neverReportedDevices!: number;
  @ApiProperty({ description: COVERED_DEVICES })
  coveredDevices!: number;
  @ApiProperty({ type: [CoverageRow] }) bySource!: CoverageRow[];
}

class CoverageGapResponse {
  @ApiProperty() deviceId!: string;
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: String }) serialNumber!: string | null;
  @ApiProperty() platform!: string;
  @ApiProperty({ nullable: true, type: String }) userPrincipalName!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastCheckInAt!: string | null;
  @ApiProperty({ type: [String], enum: ['stale_check_in', 'never_checked_in', 'apps_not_reported'] })
  reasons!: string[];
}

/** A page of coverage-gap devices. */
export class CoverageGapPageResponse {
  @ApiProperty({ type: [CoverageGapResponse] }) items!: CoverageGapResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
