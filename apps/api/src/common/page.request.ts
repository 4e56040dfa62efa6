import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { BooleanParam } from './query-params';

/**
 * A list's page size: an integer from 1 to `max`; `fallback` is what the list uses when it is absent (documented
 * here, applied by the list's query). Listed in the order stacked decorators run, so validation messages keep their
 * order.
 */
export function PageLimit(max: number, fallback: number): PropertyDecorator {
  return applyDecorators(
    Max(max),
    Min(1),
    IsInt(),
    Type(() => Number),
    IsOptional(),
    ApiPropertyOptional({ minimum: 1, maximum: max, default: fallback }),
  );
}

/** A list's cursor: the opaque `nextCursor` of the previous page, asked with the same filters and sort. */
export function PageCursor(): PropertyDecorator {
  return applyDecorators(
    Length(1, 2048),
    IsString(),
    IsOptional(),
    ApiPropertyOptional({ description: 'Opaque cursor from the previous page (same filters and sort)' }),
  );
}

/** `total=true`: the answer also counts every row the filters select (a second statement, so only when asked). */
export function PageTotal(): PropertyDecorator {
  return applyDecorators(
    IsBoolean({ message: 'total must be true or false' }),
    BooleanParam(),
    IsOptional(),
    ApiPropertyOptional({
      default: false,
      description: 'true: the answer also has `total`, the number of rows the filters select over all pages',
    }),
  );
}

/** The paging half of a list query: page size and the opaque cursor of the previous page. */
export class PageQuery {
  @PageLimit(500, 50)
  limit?: number;

  @PageCursor()
  cursor?: string;
}
