export { WebhooksModule, createDeliveryWorker, INTERDICT_VERSION } from './webhooks.module';
export { WebhookError, type WebhookErrorCode } from './webhooks.errors';
export { WebhookEndpointService, type WebhookActor } from './endpoints/webhook-endpoint.service';
export {
  WEBHOOK_SEVERITIES,
  TIMEOUT_MS_RANGE,
  MAX_CONCURRENCY_RANGE,
  DIGEST_WINDOW_SECONDS_RANGE,
  type NewWebhookEndpoint,
  type WebhookEndpointPatch,
  type WebhookSeverity,
} from './endpoints/endpoint-input';
export { EndpointSecrets } from './endpoints/endpoint-secrets';
export type { WebhookEndpointView, WebhookEndpointWithSecret } from './endpoints/endpoint.view';
export {
  WebhookDeliveryService,
  DELIVERY_STATUSES,
  type WebhookDeliveryView,
  type WebhookAttemptView,
} from './delivery/webhook-delivery.service';
export { WebhookDeliveryWorker, type DeliveryWorkerOptions } from './delivery/webhook-delivery.worker';
export {
  EVENT_SCHEMAS,
  EVENT_ENVELOPE_SCHEMA,
  EVENT_TYPES,
  EVENT_SCHEMA_VERSIONS,
  eventSchemaId,
  type JsonSchema,
} from './events/event-schemas';
export {
  WEBHOOK_FORMATS,
  CHAT_FORMATS,
  renderEvent,
  renderDigest,
  type WebhookFormat,
} from './formats/render';
export type { OutgoingEvent, FormatContext, RenderedBody } from './formats/outgoing-event';
export { digestOf, type EventDigest, type DigestItem } from './formats/event-digest';
export { ADAPTIVE_CARD_VERSION } from './formats/teams.format';
export { HttpSender } from './outbound/http-sender';
export { generateSecret, signedHeaders, secretKey } from './signing/signature';
export { TestReceiver, type ReceivedWebhook, type TestReceiverOptions } from './test-receiver';
export { startDemoReceiver, DEMO_RECEIVER_NAME } from './demo-receiver';
