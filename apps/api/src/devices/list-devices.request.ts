import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { DEVICE_SORTS, type DeviceSort } from '@interdict/exposure';
import { BooleanParam, PlatformFilter } from '../common/query-params';
import { PageQuery, PageTotal } from '../common/page.request';

/** Query of GET /api/v1/devices. */
export class ListDevicesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  source?: string;

  @PlatformFilter()
  platform?: string;

  @ApiPropertyOptional({
    description: 'User principal name (case-insensitive, exact or prefix with a trailing *)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  user?: string;

  @ApiPropertyOptional({ description: 'Serial number (exact, case-insensitive)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  serial?: string;

  @ApiPropertyOptional({
    description: 'true: no MDM check-in within exposure.staleAfterDays (or never); false: fresh',
  })
  @IsOptional()
  @BooleanParam()
  @IsBoolean({ message: 'stale must be true or false' })
  stale?: boolean;

  @ApiPropertyOptional({ description: 'Search name, serial or user (contains, case-insensitive)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ description: 'Include devices removed from their MDM', default: false })
  @IsOptional()
  @BooleanParam()
  @IsBoolean({ message: 'includeRemoved must be true or false' })
  includeRemoved?: boolean;

  @ApiPropertyOptional({
    description: 'true: its physical device has an open exposure (any source); false: it has none',
  })
  @IsOptional()
  @BooleanParam()
  @IsBoolean({ message: 'exposed must be true or false' })
  exposed?: boolean;

  @ApiPropertyOptional({
    enum: DEVICE_SORTS,
    default: 'id',
    description:
      'id, by name, or by last MDM check-in ("-" = descending; devices that never checked in count as oldest)',
  })
  @IsOptional()
  @IsIn(DEVICE_SORTS)
  sort?: DeviceSort;

  @PageTotal()
  total?: boolean;
}
