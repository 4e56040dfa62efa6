/** Problems the HTTP layer itself finds in a request (shape, body); mapped to 4xx by the filter. */
export type ApiRequestErrorCode =
  | 'validation_failed'
  | 'malformed_json'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'route_not_found'
  | 'not_found'
  | 'not_available';

/** One field-level problem in a request. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Thrown by controllers and pipes for bad requests; `details` lists each field at fault. */
export class ApiRequestError extends Error {
  constructor(
    readonly code: ApiRequestErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: FieldProblem[],
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}
