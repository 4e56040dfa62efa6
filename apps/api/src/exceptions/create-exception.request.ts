import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PlainText } from '../common/plain-text';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

/** Body of POST /api/v1/exceptions: suppress a rule or product for a device, serial or group until a date. */
export class CreateExceptionRequest {
  @ApiPropertyOptional({ description: 'Catalog rule id (give ruleId, productId or both)' })
  @IsOptional()
  @Matches(ID, { message: 'ruleId must be a catalog rule id' })
  ruleId?: string;

  @ApiPropertyOptional({ description: 'Catalog product id' })
  @IsOptional()
  @Matches(ID, { message: 'productId must be a catalog product id' })
  productId?: string;

  @ApiProperty({ enum: ['device', 'serial', 'group'] })
  @IsIn(['device', 'serial', 'group'])
  scopeType!: 'device' | 'serial' | 'group';

  @ApiProperty({ description: 'Device id, serial number, or group (device tag)', example: 'C02XYZ123' })
  @IsString()
  @Length(1, 200)
  @PlainText()
  scopeValue!: string;

  @ApiProperty({ example: 'Lab machine isolated from the network; replacement ordered' })
  @IsString()
  @Length(1, 2000)
  @PlainText({ multiline: true })
  reason!: string;

  @ApiProperty({ example: 'CISO Jane Doe' })
  @IsString()
  @Length(1, 200)
  @PlainText()
  approvedBy!: string;

  @ApiProperty({ format: 'date-time', example: '2027-03-31T00:00:00Z' })
  @IsISO8601({ strict: true })
  expiresAt!: string;
}

/** Body of PATCH /api/v1/exceptions/:id: what may change on an exception (give at least one field). */
export class UpdateExceptionRequest {
  @ApiPropertyOptional({ example: 'Replacement delayed; isolated until the new date' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  @PlainText({ multiline: true })
  reason?: string;

  @ApiPropertyOptional({ example: 'CISO Jane Doe' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @PlainText()
  approvedBy?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2027-06-30T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}
