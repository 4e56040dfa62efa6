import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PLATFORMS } from '@interdict/catalog';
import { PageLimit } from '../common/page.request';
import { BooleanParam } from '../common/query-params';

/** Query of GET /api/v1/software. */
export class SearchSoftwareQuery {
  @ApiPropertyOptional({ description: 'Title, publisher or bundle id contains (case-insensitive)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ enum: PLATFORMS })
  @IsOptional()
  @IsIn(PLATFORMS)
  platform?: string;

  @ApiPropertyOptional({ description: 'true: only titles the catalog matches (banned or watched)' })
  @IsOptional()
  @BooleanParam()
  @IsBoolean({ message: 'matched must be true or false' })
  matched?: boolean;

  @PageLimit(200, 50)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 2048)
  cursor?: string;
}
