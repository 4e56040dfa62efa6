import { Transform } from 'class-transformer';

/** Turns the query texts "true"/"false" into booleans; anything else stays as given so @IsBoolean names it. */
export const BooleanParam = () =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
