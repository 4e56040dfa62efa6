import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  ValidateIf,
} from 'class-validator';
import { PageLimit } from '../common/page.request';
import { PlainText } from '../common/plain-text';

/** Body of POST /api/v1/sources. */
export class CreateSourceRequest {
  @ApiProperty({ example: 'Contoso Intune' })
  @IsString()
  @Length(1, 200)
  @PlainText()
  name!: string;

  @ApiProperty({ enum: ['intune', 'jamf'] })
  @IsIn(['intune', 'jamf'])
  kind!: 'intune' | 'jamf';

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Connector settings (intune: tenantId, clientId, cloud…; jamf: baseUrl, clientId…). No secrets here.',
    example: { tenantId: 'contoso.onmicrosoft.com', clientId: '00000000-0000-0000-0000-000000000000' },
  })
  @IsObject()
  settings!: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'Client secret or private key; stored encrypted, never returned',
    writeOnly: true,
  })
  @IsOptional()
  @IsString()
  @Length(1, 20_000)
  secret?: string;

  @ApiPropertyOptional({
    description: 'Cron (UTC) for scheduled syncs; omit for manual only',
    example: '0 */6 * * *',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  schedule?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** Body of PATCH /api/v1/sources/:id: only the fields given change. */
export class UpdateSourceRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @PlainText()
  name?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'New secret; null removes it',
    writeOnly: true,
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @Length(1, 20_000)
  secret?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Cron (UTC); null = manual only' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @Length(1, 100)
  schedule?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** Query of GET /api/v1/sources/:id/runs. */
export class ListRunsQuery {
  @PageLimit(200, 20)
  limit?: number;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Runs started before this time (the last startedAt of the previous page)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  before?: string;
}
