/** The closed set of exposure error codes (the API maps them to HTTP statuses). */
export type ExposureErrorCode =
  | 'rule_not_found'
  | 'device_not_found'
  | 'software_not_found'
  | 'product_not_found'
  | 'invalid_exception'
  | 'exception_not_found'
  | 'exception_revoked'
  | 'invalid_filter'
  | 'invalid_profile';

/** The exposure lib's one error class; `field` names the offending input. */
export class ExposureError extends Error {
  constructor(
    readonly code: ExposureErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ExposureError';
  }
}
