/** Closed set of reasons an auth decision or key operation fails; the api maps each code to an HTTP status. */
export type AuthErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'rate_limited'
  | 'route_not_classified'
  | 'api_key_not_found'
  | 'invalid_api_key_request';

/** Thrown by libs/auth; `field` names the input at fault, `retryAfterSeconds` is set for rate limits. */
export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    readonly field?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}
