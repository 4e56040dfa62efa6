import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length } from 'class-validator';

/** Body of POST /api/v1/policy/preview: the profile to try; a field left out keeps its current value. */
export class PolicyPreviewRequest {
  @ApiPropertyOptional({ type: [String], example: ['US-TX'], description: 'ISO 3166 codes or US states' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(2, 10, { each: true })
  jurisdictions?: string[];

  @ApiPropertyOptional({ type: [String], example: ['federal-contractor'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  sectors?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Rules applied whatever the profile says' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  enableRules?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Rules never applied' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  disableRules?: string[];
}

class Profile {
  @ApiProperty({ type: [String] }) jurisdictions!: string[];
  @ApiProperty({ type: [String] }) sectors!: string[];
  @ApiProperty({ type: [String] }) enableRules!: string[];
  @ApiProperty({ type: [String] }) disableRules!: string[];
}

class RuleStandingResponse {
  @ApiProperty() ruleId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() citation!: string;
  @ApiProperty({ enum: ['binding', 'advisory', 'review'] }) kind!: string;
  @ApiProperty({ enum: ['binding', 'review', 'off'] }) standing!: string;
  @ApiProperty({ description: 'Why it stands so' }) why!: string;
}

/** The organisation profile in force and how every rule stands under it. */
export class PolicyResponse {
  @ApiProperty({ type: Profile }) profile!: Profile;
  @ApiProperty({ description: 'Content hash of the profile' }) version!: string;
  @ApiProperty({ type: [RuleStandingResponse] }) rules!: RuleStandingResponse[];
}

class PreviewCounts {
  @ApiProperty() exposures!: number;
  @ApiProperty() exposedDevices!: number;
  @ApiProperty() overdueExposures!: number;
  @ApiProperty() reviewExposures!: number;
}

class PreviewSide extends PreviewCounts {
  @ApiProperty({ type: Profile }) profile!: Profile;
}

class PreviewMove {
  @ApiProperty() exposures!: number;
  @ApiProperty() devices!: number;
}

class PreviewProduct {
  @ApiProperty() productId!: string;
  @ApiProperty() productName!: string;
  @ApiProperty({ type: PreviewCounts }) before!: PreviewCounts;
  @ApiProperty({ type: PreviewCounts }) after!: PreviewCounts;
}

class PreviewRule {
  @ApiProperty() ruleId!: string;
  @ApiProperty({ enum: ['binding', 'review', 'off'] }) before!: string;
  @ApiProperty({ enum: ['binding', 'review', 'off'] }) after!: string;
  @ApiProperty() reason!: string;
}

/** What the proposed profile would do, computed from the same installations; nothing was written. */
export class PolicyPreviewResponse {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ type: PreviewSide }) current!: PreviewSide;
  @ApiProperty({ type: PreviewSide }) proposed!: PreviewSide;
  @ApiProperty({
    type: PreviewMove,
    description: 'Exposures that would open; devices that would become exposed',
  })
  added!: PreviewMove;
  @ApiProperty({ type: PreviewMove, description: 'Exposures that would close; devices no longer exposed' })
  removed!: PreviewMove;
  @ApiProperty({ type: [PreviewProduct], description: 'Products whose counts change' })
  byProduct!: PreviewProduct[];
  @ApiProperty({ type: [PreviewRule], description: 'Rules whose standing changes' }) rules!: PreviewRule[];
  @ApiProperty() durationMs!: number;
}
