import type { OutboundError } from '@interdict/outbound';

/** What went wrong with a webhook request; the API maps each code to one HTTP status. */
export type WebhookErrorCode =
  | 'invalid_endpoint' // a field of the endpoint is malformed (400)
  | 'unsafe_url' // the URL's scheme or address is refused by the outbound policy (400)
  | 'endpoint_not_found' // (404)
  | 'delivery_not_found' // (404)
  | 'delivery_busy'; // still pending or in flight, so it cannot be redelivered (409)

/** A refusal by the outbound policy, as the webhooks API reports it. */
export function webhookErrorFrom(err: OutboundError): WebhookError {
  return new WebhookError(
    err.code === 'invalid_url' ? 'invalid_endpoint' : 'unsafe_url',
    err.message,
    err.field,
  );
}

/** The webhooks lib's one error class; messages name the field and never carry secrets. */
export class WebhookError extends Error {
  constructor(
    readonly code: WebhookErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}
