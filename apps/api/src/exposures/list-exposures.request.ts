import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { BooleanParam, PlatformFilter } from '../common/query-params';
import { PageQuery, PageTotal } from '../common/page.request';
import { EXPOSURE_SORTS, type ExposureSort } from '@interdict/exposure';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

/** Query of GET /api/v1/exposures (and its deprecated alias /api/v1/findings). */
export class ListExposuresQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['open', 'resolved', 'excepted'] })
  @IsOptional()
  @IsIn(['open', 'resolved', 'excepted'])
  status?: 'open' | 'resolved' | 'excepted';

  @ApiPropertyOptional({ description: 'true: open and past due; false: everything else' })
  @IsOptional()
  @BooleanParam()
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Catalog product id' })
  @IsOptional()
  @Matches(ID, { message: 'product must be a catalog product id' })
  product?: string;

  @ApiPropertyOptional({ description: 'Catalog rule id: exposures this rule applies to' })
  @IsOptional()
  @Matches(ID, { message: 'rule must be a catalog rule id' })
  rule?: string;

  @ApiPropertyOptional({
    enum: ['binding', 'review'],
    description:
      'binding: a rule that binds the organisation applies (due date); review: only review rules apply',
  })
  @IsOptional()
  @IsIn(['binding', 'review'])
  standing?: 'binding' | 'review';

  @ApiPropertyOptional({ enum: ['critical', 'high', 'medium', 'low', 'info'] })
  @IsOptional()
  @IsIn(['critical', 'high', 'medium', 'low', 'info'])
  severity?: string;

  @PlatformFilter()
  platform?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only physical devices this source sees' })
  @IsOptional()
  @IsUUID()
  source?: string;

  @ApiPropertyOptional({ description: 'Device id: the exposures of its physical device, from any source' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'device must be a device id' })
  device?: string;

  @ApiPropertyOptional({
    description: 'Search device name, serial, user or software title (case-insensitive, contains)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({
    enum: EXPOSURE_SORTS,
    default: '-id',
    description: '"-" = descending; -id = newest first; exposures without a due date (review) sort last',
  })
  @IsOptional()
  @IsIn(EXPOSURE_SORTS)
  sort?: ExposureSort;

  @PageTotal()
  total?: boolean;
}
