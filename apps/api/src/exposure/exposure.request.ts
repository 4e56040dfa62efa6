import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { PlatformFilter } from '../common/query-params';
import { PageCursor, PageLimit } from '../common/page.request';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

/** Filters of the exposure summary. */
export class ExposureSummaryQuery {
  @ApiPropertyOptional({ description: 'Catalog product id' })
  @IsOptional()
  @Matches(ID, { message: 'product must be a catalog product id' })
  product?: string;

  @ApiPropertyOptional({ description: 'Catalog rule id' })
  @IsOptional()
  @Matches(ID, { message: 'rule must be a catalog rule id' })
  rule?: string;

  @PlatformFilter()
  platform?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only devices this source sees' })
  @IsOptional()
  @IsUUID()
  source?: string;
}

/** Trend window. */
export class ExposureTrendQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 730, default: 90 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(730)
  days?: number;
}

/** Coverage-gap device list. */
export class CoverageGapsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  source?: string;

  @PlatformFilter()
  platform?: string;

  @PageLimit(500, 100)
  limit?: number;

  @PageCursor()
  cursor?: string;
}
