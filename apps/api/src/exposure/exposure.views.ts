import { ApiProperty } from '@nestjs/swagger';

class ExposureRuleRow {
  @ApiProperty() productId!: string;
  @ApiProperty() productName!: string;
  @ApiProperty() ruleId!: string;
  @ApiProperty({ nullable: true, type: String }) citation!: string | null;
  @ApiProperty({ nullable: true, type: String }) kind!: string | null;
  @ApiProperty({ nullable: true, type: String }) severity!: string | null;
  @ApiProperty() openFindings!: number;
  @ApiProperty({ description: 'Physical devices, counted once even when seen by two sources' })
  exposedDevices!: number;
  @ApiProperty() overdueFindings!: number;
  @ApiProperty() exceptedFindings!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) nextDueAt!: string | null;
}

class CoverageTotals {
  @ApiProperty() devices!: number;
  @ApiProperty() staleDevices!: number;
  @ApiProperty() neverReportedDevices!: number;
  @ApiProperty() coveredDevices!: number;
}

class DataAge {
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty() sourceName!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastSucceededAt!: string | null;
}

/** Exposure now: totals, per product and rule, coverage and the age of the data behind it. */
export class ExposureSummaryResponse {
  @ApiProperty({ format: 'date-time', description: 'When these numbers were computed' }) asOf!: string;
  @ApiProperty() catalogVersion!: string;
  @ApiProperty() exposedDevices!: number;
  @ApiProperty() overdueDevices!: number;
  @ApiProperty() openFindings!: number;
  @ApiProperty() overdueFindings!: number;
  @ApiProperty() exceptedFindings!: number;
  @ApiProperty({ type: [ExposureRuleRow] }) byRule!: ExposureRuleRow[];
  @ApiProperty({ type: CoverageTotals }) coverage!: CoverageTotals;
  @ApiProperty({ type: [DataAge] }) dataAsOf!: DataAge[];
}

class TrendPointResponse {
  @ApiProperty({ example: '2026-11-27' }) day!: string;
  @ApiProperty() exposedDevices!: number;
  @ApiProperty() openFindings!: number;
  @ApiProperty() newFindings!: number;
  @ApiProperty() resolvedFindings!: number;
  @ApiProperty() overdueFindings!: number;
  @ApiProperty() exceptedFindings!: number;
  @ApiProperty() devicesCovered!: number;
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
  @ApiProperty() coveredDevices!: number;
}

/** Devices whose inventory cannot be vouched for (stale check-in, apps never reported). */
export class CoverageResponse {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty() staleAfterDays!: number;
  @ApiProperty() devices!: number;
  @ApiProperty() staleDevices!: number;
  @ApiProperty() neverReportedDevices!: number;
  @ApiProperty() coveredDevices!: number;
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
