import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { PLATFORMS } from '@interdict/catalog';

/** Turns the query texts "true"/"false" into booleans; anything else stays as given so @IsBoolean names it. */
export const BooleanParam = () =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

/** An optional platform filter: one of the catalog's platforms. */
export function PlatformFilter(): PropertyDecorator {
  return applyDecorators(IsIn(PLATFORMS), IsOptional(), ApiPropertyOptional({ enum: PLATFORMS }));
}
