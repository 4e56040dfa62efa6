/** Why the outbound policy refused a URL; each lib maps these to its own errors, the API to one status each. */
export type OutboundErrorCode =
  | 'invalid_url' // not an absolute http(s) URL, or one carrying credentials or a fragment (400)
  | 'unsafe_url' // https required, or the address is private, loopback, link-local or cloud metadata (400)
  | 'unresolvable_host'; // DNS gave no answer: may succeed later (502)

/** The outbound policy's one error; `field` names the setting the URL came from. */
export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }

  /** A refusal by policy or a malformed URL: trying again cannot succeed until someone changes a setting. */
  get isPermanent(): boolean {
    return this.code !== 'unresolvable_host';
  }
}
