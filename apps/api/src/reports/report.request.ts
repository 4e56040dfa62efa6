import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  EXPOSURE_FILTER_STATUSES,
  REPORT_FORMATS,
  REPORT_TYPES,
  type ExposureFilterStatus,
  type ReportFormat,
  type ReportType,
} from '@interdict/reports';
import { PLATFORMS, SEVERITIES } from '@interdict/catalog';
import { PageCursor, PageLimit } from '../common/page.request';
import { PlainText } from '../common/plain-text';

/** An optional "any of these" filter: 1–100 texts of 1–200 characters, documented with an example. */
const list = (description: string, example: string[]) =>
  applyDecorators(
    ApiPropertyOptional({
      type: [String],
      description: `${description}; any of these`,
      example,
      maxItems: 100,
    }),
    IsOptional(),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(100),
    IsString({ each: true }),
    Length(1, 200, { each: true }),
    PlainText({ each: true }),
  );

/** The optional `evidence` flag of a report or schedule. */
const EvidenceFlag = () =>
  applyDecorators(
    ApiPropertyOptional({
      default: false,
      description:
        'Also build a signed auditor evidence pack: the workbook, a CSV per sheet and a manifest (docs/evidence-pack.md)',
    }),
    IsOptional(),
    IsBoolean(),
  );

/** Filters narrowing a report; each is a list matched as "any of". */
export class ReportFiltersRequest {
  @list('Source ids or names', ['Contoso Intune'])
  source?: string[];

  @list('Device platforms', ['windows', 'macos'])
  @IsIn(PLATFORMS, { each: true, message: `platform must each be one of ${PLATFORMS.join(', ')}` })
  platform?: string[];

  @list('Catalog product ids', ['kaspersky-consumer'])
  product?: string[];

  @list('Catalog rule ids: exposures the rule applies to', ['US-BIS-FD'])
  rule?: string[];

  @ApiPropertyOptional({
    enum: EXPOSURE_FILTER_STATUSES,
    isArray: true,
    description:
      'Exposure statuses for the Exposed devices and Evidence rows (default open); overdue = open and past due; review = open under review rules only',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(EXPOSURE_FILTER_STATUSES, { each: true })
  status?: ExposureFilterStatus[];

  @list('Device groups (tags)', ['finance'])
  group?: string[];

  @list('Exposure severities', ['critical'])
  @IsIn(SEVERITIES, { each: true, message: `severity must each be one of ${SEVERITIES.join(', ')}` })
  severity?: string[];

  @list('Device name, serial, user or software title contains one of these (case-insensitive)', ['C02XYZ'])
  search?: string[];
}

/** Asks for a report; the worker generates it. */
export class CreateReportRequest {
  @ApiProperty({
    enum: REPORT_TYPES,
    description:
      'exposure = the full workbook (Summary, Exposed devices, Software, Coverage, Exceptions); others = one sheet',
  })
  @IsIn(REPORT_TYPES)
  type!: ReportType;

  @ApiPropertyOptional({
    enum: REPORT_FORMATS,
    default: 'xlsx',
    description: 'csv holds the main table only',
  })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;

  @ApiPropertyOptional({ type: ReportFiltersRequest })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReportFiltersRequest)
  filters?: ReportFiltersRequest;

  @EvidenceFlag()
  evidence?: boolean;
}

/** Query of the report list. */
export class ListReportsQuery {
  @PageLimit(200, 50)
  limit?: number;

  @PageCursor()
  cursor?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only reports of this schedule' })
  @IsOptional()
  @IsUUID()
  scheduleId?: string;
}

/** A schedule's mail: recipients and subject (each address is checked against RFC 5321 by the service). */
export class ScheduleEmailRequest {
  @ApiProperty({
    type: [String],
    example: ['ciso@corp.example', 'IT Audit <audit@corp.example>'],
    description: 'Recipients, "a@b.example" or "Name <a@b.example>"; 1 to 50',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(400, { each: true })
  to!: string[];

  @ApiPropertyOptional({ type: [String], description: 'Copy recipients; at most 50 with to' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(400, { each: true })
  cc?: string[];

  @ApiPropertyOptional({
    maxLength: 200,
    example: '{org}: {schedule} — {exposedDevices} exposed devices, {overdue} overdue ({date})',
    description:
      'Subject template; placeholders {org} {schedule} {type} {date} {exposedDevices} {overdue} {new} {resolved}',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string;
}

/** Schedule fields that are optional both on create and on update. */
class ScheduleCommonFields {
  @ApiPropertyOptional({
    example: 'Europe/Paris',
    default: 'UTC',
    description: 'IANA time zone the cron is read in',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  timezone?: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;

  @ApiPropertyOptional({ type: ReportFiltersRequest })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReportFiltersRequest)
  filters?: ReportFiltersRequest;

  @EvidenceFlag()
  evidence?: boolean;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    description: 'Files kept for this schedule; null = the global reports.keepCount',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(100_000)
  keepCount?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    description: 'Days a file is kept; null = the global reports.retentionDays',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(3650)
  keepDays?: number | null;

  @ApiPropertyOptional({
    type: ScheduleEmailRequest,
    nullable: true,
    description: 'Mail each report to these people (needs email.smtp in the configuration); null = no mail',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @ValidateNested()
  @Type(() => ScheduleEmailRequest)
  email?: ScheduleEmailRequest | null;
}

const NAME_DOC = { example: 'Monday exposure for the CISO', maxLength: 200 };
const CRON_DOC = {
  example: '0 7 * * 1',
  description: 'Five-field cron: minute hour day-of-month month day-of-week',
};

/** A new schedule: name, cron and type are required. */
export class CreateReportScheduleRequest extends ScheduleCommonFields {
  @ApiProperty(NAME_DOC)
  @IsString()
  @Length(1, 200)
  @PlainText()
  name!: string;

  @ApiProperty(CRON_DOC)
  @IsString()
  @Length(9, 120)
  cron!: string;

  @ApiProperty({ enum: REPORT_TYPES })
  @IsIn(REPORT_TYPES)
  type!: ReportType;
}

/** Changes to a schedule: only the fields given change; keepCount/keepDays null = back to the global default. */
export class UpdateReportScheduleRequest extends ScheduleCommonFields {
  @ApiPropertyOptional(NAME_DOC)
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @PlainText()
  name?: string;

  @ApiPropertyOptional(CRON_DOC)
  @IsOptional()
  @IsString()
  @Length(9, 120)
  cron?: string;

  @ApiPropertyOptional({ enum: REPORT_TYPES })
  @IsOptional()
  @IsIn(REPORT_TYPES)
  type?: ReportType;
}
