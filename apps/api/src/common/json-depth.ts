/** Deepest nesting a request body may have: far above any real body, far below what exhausts a validator's stack. */
export const MAX_JSON_DEPTH = 32;

/** Thrown by `checkJsonDepth`; body-parser keeps its status and type, the exception filter names it. */
export class JsonTooDeepError extends Error {
  readonly status = 400;
  readonly type = 'entity.too.deep';
  constructor(readonly depth: number) {
    super(`The request body nests deeper than ${depth} levels`);
  }
}

/**
 * Refuses a JSON text nested deeper than `max` arrays/objects, before it is parsed: class-transformer and
 * class-validator recurse per level and overflow the stack on a few KB of brackets. One pass over the bytes,
 * skipping strings.
 */
export function checkJsonDepth(buf: Buffer, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) throw new JsonTooDeepError(max);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}
