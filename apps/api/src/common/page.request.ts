import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

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

/** The paging half of a list query: page size and the opaque cursor of the previous page. */
export class PageQuery {
  @PageLimit(500, 50)
  limit?: number;

  @PageCursor()
  cursor?: string;
}
