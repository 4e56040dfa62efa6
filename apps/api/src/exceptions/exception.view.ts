import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import type { ExceptionView } from '@interdict/exposure';
import { BooleanParam } from '../common/query-params';

/** An exception as the API shows it. */
export class ExceptionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) ruleId!: string | null;
  @ApiProperty({ nullable: true, type: String }) productId!: string | null;
  @ApiProperty({ enum: ['device', 'serial', 'group'] }) scopeType!: string;
  @ApiProperty() scopeValue!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() approvedBy!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ description: 'Not revoked and not expired' }) isActive!: boolean;
}

/** Query of GET /api/v1/exceptions. */
export class ListExceptionsQuery {
  @ApiPropertyOptional({ description: 'Only active (not revoked, not expired) exceptions' })
  @IsOptional()
  @BooleanParam()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

export function toExceptionResponse(e: ExceptionView): ExceptionResponse {
  return {
    ...e,
    createdAt: e.createdAt.toISOString(),
    expiresAt: e.expiresAt.toISOString(),
    revokedAt: e.revokedAt ? e.revokedAt.toISOString() : null,
  };
}
