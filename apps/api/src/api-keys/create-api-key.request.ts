import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { ROLE_ORDER, type Role } from '@interdict/auth';
import { PlainText } from '../common/plain-text';

/** Body of POST /api/v1/api-keys. */
export class CreateApiKeyRequest {
  @ApiProperty({
    description: 'Who or what the key is for',
    example: 'splunk reader',
    minLength: 1,
    maxLength: 120,
  })
  @IsString()
  @Length(1, 120)
  @PlainText()
  name!: string;

  @ApiProperty({ enum: ROLE_ORDER, example: 'viewer' })
  @IsIn(ROLE_ORDER)
  role!: Role;

  @ApiPropertyOptional({
    description: 'ISO 8601 time after which the key stops working',
    example: '2027-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}
