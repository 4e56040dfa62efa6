import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '../common/page.request';

/** Query of GET /api/v1/audit-log. */
export class AuditLogQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'exceptions' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  targetType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  targetId?: string;
}
