import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { SOFTWARE_SORTS, type SoftwareSort } from '@interdict/exposure';
import { PageCursor, PageLimit, PageTotal } from '../common/page.request';
import { BooleanParam, PlatformFilter } from '../common/query-params';

/** Query of GET /api/v1/software. */
export class SearchSoftwareQuery {
  @ApiPropertyOptional({ description: 'Title, publisher or bundle id contains (case-insensitive)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @PlatformFilter()
  platform?: string;

  @ApiPropertyOptional({ description: 'true: only titles the catalog matches (banned or watched)' })
  @IsOptional()
  @BooleanParam()
  @IsBoolean({ message: 'matched must be true or false' })
  matched?: boolean;

  @PageLimit(200, 50)
  limit?: number;

  @PageCursor()
  cursor?: string;

  @ApiPropertyOptional({ enum: SOFTWARE_SORTS, default: 'id', description: 'id, or by name ("-" = Z to A)' })
  @IsOptional()
  @IsIn(SOFTWARE_SORTS)
  sort?: SoftwareSort;

  @PageTotal()
  total?: boolean;
}
