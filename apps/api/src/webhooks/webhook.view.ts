import { ApiProperty } from '@nestjs/swagger';
import {
  DELIVERY_STATUSES,
  WEBHOOK_FORMATS,
  type WebhookAttemptView,
  type WebhookDeliveryView,
  type WebhookEndpointView,
  type WebhookFormat,
} from '@interdict/webhooks';

/** A webhook endpoint, without its secret or header values. */
export class WebhookResponse implements WebhookEndpointView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Query-string values are masked' }) url!: string;
  @ApiProperty({ enum: WEBHOOK_FORMATS }) format!: WebhookFormat;
  @ApiProperty({ type: [String] }) eventTypes!: string[];
  @ApiProperty({ type: [String] }) productIds!: string[];
  @ApiProperty({ type: [String] }) severities!: string[];
  @ApiProperty({ type: [String], description: 'Names of the custom headers (values are never shown)' })
  headerNames!: string[];
  @ApiProperty() timeoutMs!: number;
  @ApiProperty() maxConcurrency!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 300,
    description: 'Seconds per digest message; null = one message per event',
  })
  digestWindowSeconds!: number | null;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'the receiver answered 410 Gone' })
  disabledReason!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'Old secret signs until then',
  })
  previousSecretExpiresAt!: string | null;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** A created or rotated endpoint: `secret` appears in this response only. */
export class WebhookWithSecretResponse {
  @ApiProperty({ type: WebhookResponse }) endpoint!: WebhookResponse;
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'Verify `webhook-signature` with it (Standard Webhooks). Shown once; stored encrypted.',
  })
  secret!: string;
}

export class WebhookAttemptResponse implements WebhookAttemptView {
  @ApiProperty({ format: 'date-time' }) attemptedAt!: string;
  @ApiProperty({ nullable: true, type: Number }) statusCode!: number | null;
  @ApiProperty({ nullable: true, type: Number }) latencyMs!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Start of the response body (capped)' })
  responseExcerpt!: string | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
}

export class WebhookDeliveryResponse implements WebhookDeliveryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The webhook-id header' }) eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ format: 'uuid' }) endpointId!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: (typeof DELIVERY_STATUSES)[number];
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) nextAttemptAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deliveredAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ type: [WebhookAttemptResponse], description: 'Latest attempts first (up to 10)' })
  attemptLog!: WebhookAttemptResponse[];
}

export class WebhookDeliveryPageResponse {
  @ApiProperty({ type: [WebhookDeliveryResponse] }) items!: WebhookDeliveryResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class WebhookTestResponse {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ format: 'uuid' }) deliveryId!: string;
}

export class RedeliverDeadResponse {
  @ApiProperty() requeued!: number;
}

/** One delivery queued again. */
export class RedeliveryQueuedResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['pending'] }) status!: 'pending';
}
