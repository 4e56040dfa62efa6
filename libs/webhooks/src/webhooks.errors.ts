/** What went wrong with a webhook request; the API maps each code to one HTTP status. */
export type WebhookErrorCode =
  | 'invalid_endpoint' // a field of the endpoint is malformed (400)
  | 'unsafe_url' // the URL's scheme or address is refused by the outbound policy (400)
  | 'endpoint_not_found' // (404)
  | 'delivery_not_found' // (404)
  | 'delivery_busy'; // still pending or in flight, so it cannot be redelivered (409)

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
