import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PLATFORMS } from '@interdict/catalog';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** One candidate catalog file. */
export class CatalogFileInput {
  @ApiProperty({ example: 'kaspersky.yaml' })
  @IsString()
  @Length(1, 200)
  @Matches(/^[A-Za-z0-9._-]+\.ya?ml$/, { message: 'path must be a file name ending in .yaml' })
  path!: string;

  @ApiProperty({ description: 'YAML text of the file' })
  @IsString()
  @MaxLength(256 * 1024)
  text!: string;
}

/** Body of POST /api/v1/catalog/validate: files checked as a whole catalog, nothing stored. */
export class ValidateCatalogRequest {
  @ApiProperty({ type: [CatalogFileInput] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CatalogFileInput)
  files!: CatalogFileInput[];
}

/** Body of POST /api/v1/catalog/match: one title as a source reports it. */
export class MatchTitleRequest {
  @ApiProperty({ enum: PLATFORMS })
  @IsIn(PLATFORMS)
  platform!: string;

  @ApiProperty({ example: 'TikTok - Videos, Music & LIVE' })
  @IsString()
  @Length(1, 1024)
  name!: string;

  @ApiPropertyOptional({ example: 'TikTok Pte. Ltd.' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  publisher?: string;

  @ApiPropertyOptional({ example: 'com.zhiliaoapp.musically' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  bundleId?: string;

  @ApiPropertyOptional({ example: '/Applications/TikTok.app' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  installPath?: string;
}
