import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { BooleanParam } from '../common/query-params';
import { PLATFORM_VALUES } from '../exposure/exposure.queries';
import { PageQuery } from '../common/page.query';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;
export const FINDING_SORTS = ['-id', 'id', 'dueAt', '-dueAt', 'firstDetectedAt', '-firstDetectedAt'] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];

/** Query of GET /api/v1/findings. */
export class ListFindingsQuery extends PageQuery {
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

  @ApiPropertyOptional({ description: 'Catalog rule id' })
  @IsOptional()
  @Matches(ID, { message: 'rule must be a catalog rule id' })
  rule?: string;

  @ApiPropertyOptional({ enum: PLATFORM_VALUES })
  @IsOptional()
  @IsIn(PLATFORM_VALUES)
  platform?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only physical devices this source sees' })
  @IsOptional()
  @IsUUID()
  source?: string;

  @ApiPropertyOptional({ description: 'Device id' })
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
    enum: FINDING_SORTS,
    default: '-id',
    description: '"-" = descending; -id = newest first',
  })
  @IsOptional()
  @IsIn(FINDING_SORTS)
  sort?: FindingSort;
}
