/** Why a connector gave up; the sync run records the code. */
export type ConnectorErrorCode =
  | 'auth_failed'
  | 'forbidden'
  | 'throttled'
  | 'upstream_unavailable'
  | 'bad_payload'
  | 'bad_settings'
  | 'not_found'
  | 'bad_request'
  | 'aborted'
  | 'network'
  | 'unsafe_url'; // the outbound policy refused the address (private, metadata, plain http in production)

/** The one error a connector throws. Messages name the source and the endpoint path, never tokens or query strings. */
export class ConnectorError extends Error {
  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
    /** The settings field or endpoint the error is about. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }

  /** Worth retrying the whole sync later (throttling, outages, network). */
  get isTransient(): boolean {
    return this.code === 'throttled' || this.code === 'upstream_unavailable' || this.code === 'network';
  }
}
