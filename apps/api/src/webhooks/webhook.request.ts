import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import {
  DELIVERY_STATUSES,
  EVENT_TYPES,
  DIGEST_WINDOW_SECONDS_RANGE,
  MAX_CONCURRENCY_RANGE,
  TIMEOUT_MS_RANGE,
  WEBHOOK_FORMATS,
  WEBHOOK_SEVERITIES,
  type WebhookFormat,
  type WebhookSeverity,
} from '@interdict/webhooks';
import type { OutboxEventType } from '@interdict/database';
import { PageCursor, PageLimit } from '../common/page.request';
import { PlainText } from '../common/plain-text';

/** Fields shared by create and update; the service checks them again (URL policy, header names). */
class WebhookFields {
  @ApiPropertyOptional({
    enum: WEBHOOK_FORMATS,
    default: 'json',
    description:
      'Body format the receiver ingests: json (CloudEvents), splunk_hec, ecs, cef (SIEMs); slack (incoming webhook, Block Kit) or teams (Workflows webhook, Adaptive Card 1.5) for people',
  })
  @IsOptional()
  @IsIn(WEBHOOK_FORMATS)
  format?: WebhookFormat;

  @ApiPropertyOptional({ enum: EVENT_TYPES, isArray: true, description: 'Event types to send; empty = all' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(EVENT_TYPES, { each: true })
  eventTypes?: OutboxEventType[];

  @ApiPropertyOptional({
    type: [String],
    example: ['kaspersky'],
    description: 'Catalog product ids; empty = all',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[a-z0-9][a-z0-9._-]{0,99}$/, { each: true })
  productIds?: string[];

  @ApiPropertyOptional({
    enum: WEBHOOK_SEVERITIES,
    isArray: true,
    description: 'Severities to send; empty = all',
  })
  @IsOptional()
  @IsArray()
  @IsIn(WEBHOOK_SEVERITIES, { each: true })
  severities?: WebhookSeverity[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { Authorization: 'Splunk 00000000-0000-0000-0000-000000000000' },
    description: 'Sent with every request; stored encrypted; only the names are ever shown again',
  })
  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ minimum: TIMEOUT_MS_RANGE[0], maximum: TIMEOUT_MS_RANGE[1], default: 10_000 })
  @IsOptional()
  @IsInt()
  @Min(TIMEOUT_MS_RANGE[0])
  @Max(TIMEOUT_MS_RANGE[1])
  timeoutMs?: number;

  @ApiPropertyOptional({
    minimum: MAX_CONCURRENCY_RANGE[0],
    maximum: MAX_CONCURRENCY_RANGE[1],
    default: 4,
    description: 'Requests in flight to this endpoint at once, across all workers',
  })
  @IsOptional()
  @IsInt()
  @Min(MAX_CONCURRENCY_RANGE[0])
  @Max(MAX_CONCURRENCY_RANGE[1])
  maxConcurrency?: number;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 0,
    maximum: DIGEST_WINDOW_SECONDS_RANGE[1],
    example: 300,
    description: `Digest mode: one message per this many seconds summarising the events (${DIGEST_WINDOW_SECONDS_RANGE[0]}–${DIGEST_WINDOW_SECONDS_RANGE[1]}); null or 0 = one message per event`,
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null && v !== 0)
  @IsInt({ message: 'digestWindowSeconds must be null, 0 or a whole number of seconds' })
  @Min(DIGEST_WINDOW_SECONDS_RANGE[0], {
    message: `digestWindowSeconds must be null or 0 (off), or at least ${DIGEST_WINDOW_SECONDS_RANGE[0]}`,
  })
  @Max(DIGEST_WINDOW_SECONDS_RANGE[1], {
    message: `digestWindowSeconds must be at most ${DIGEST_WINDOW_SECONDS_RANGE[1]}`,
  })
  digestWindowSeconds?: number | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** Body of POST /api/v1/webhooks. */
export class CreateWebhookRequest extends WebhookFields {
  @ApiProperty({ example: 'Splunk SOC', minLength: 1, maxLength: 120 })
  @IsString()
  @Length(1, 120)
  @PlainText()
  name!: string;

  @ApiProperty({
    example: 'https://splunk.example.com:8088/services/collector/event',
    description: 'https in production; private addresses only when allowlisted (webhooks.allowlist)',
  })
  @IsString()
  @Length(1, 2048)
  url!: string;
}

/** Body of PATCH /api/v1/webhooks/:id (every field optional; `headers` replaces the whole set). */
export class UpdateWebhookRequest extends WebhookFields {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  @PlainText()
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2048)
  url?: string;
}

/** Body of POST /api/v1/webhooks/:id/rotate-secret. */
export class RotateSecretRequest {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 720,
    description: 'Hours the old secret keeps signing (default webhooks.rotationGraceHours)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  graceHours?: number;
}

/** Query of GET /api/v1/webhooks/:id/deliveries. */
export class DeliveriesQuery {
  @PageLimit(200, 50)
  limit?: number;

  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: (typeof DELIVERY_STATUSES)[number];

  @PageCursor()
  cursor?: string;
}
