import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
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

  @ApiPropertyOptional({ type: [String], description: 'Rule ids to treat as disabled' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  disabledRules?: string[];
}
