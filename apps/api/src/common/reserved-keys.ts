import type { NextFunction, Request, Response } from 'express';
import { ApiRequestError, type FieldProblem } from './api-request.error';

/**
 * Field names no request may use, at any depth: JSON.parse keeps `__proto__` as an own property, and
 * class-transformer, copying it onto a DTO, sets the object's prototype instead (or drops it), so the whitelist
 * never sees it; `constructor` and `prototype` are no field of any DTO or settings object either.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

// Enough to name the fault; a body made of nothing else does not need a longer answer.
const MAX_PROBLEMS = 20;

/** Every reserved key in a parsed JSON value (or a query object), as `a.b.0.__proto__` paths. */
export function findReservedKeys(value: unknown, path = '', found: string[] = []): string[] {
  if (found.length >= MAX_PROBLEMS || value === null || typeof value !== 'object') return found;
  if (Array.isArray(value)) {
    value.forEach((item, i) => findReservedKeys(item, path ? `${path}.${i}` : String(i), found));
    return found;
  }
  // Own keys only; the body's nesting is already capped (json-depth.ts), so this recursion is shallow.
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (RESERVED_KEYS.has(key)) {
      found.push(field);
      if (found.length >= MAX_PROBLEMS) break;
    } else findReservedKeys((value as Record<string, unknown>)[key], field, found);
  }
  return found;
}

/**
 * Express middleware, after the JSON body parser and before Nest: a body or query naming a reserved key is
 * refused like any unknown field (`400 validation_failed`, each path in `details`), before class-transformer
 * could drop it.
 */
export function refuseReservedKeys(req: Request, _res: Response, next: NextFunction): void {
  // Query fields are named as the validation pipe names them: bare, like body fields.
  const fields = [...findReservedKeys(req.body), ...findReservedKeys(req.query)].slice(0, MAX_PROBLEMS);
  if (!fields.length) return next();
  const details: FieldProblem[] = fields.map((field) => ({
    field,
    message: 'reserved name: not allowed as a field',
  }));
  next(
    new ApiRequestError(
      'validation_failed',
      details.map((d) => `${d.field}: ${d.message}`).join('; '),
      fields[0],
      details,
    ),
  );
}
