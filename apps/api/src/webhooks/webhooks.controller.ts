import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, type ActorRef, Roles } from '@interdict/auth';
import {
  EVENT_ENVELOPE_SCHEMA,
  EVENT_SCHEMAS,
  WebhookDeliveryService,
  WebhookEndpointService,
  type JsonSchema,
} from '@interdict/webhooks';
import { ErrorBodyResponse } from '../common/error-body.view';
import {
  CreateWebhookRequest,
  DeliveriesQuery,
  RotateSecretRequest,
  UpdateWebhookRequest,
} from './webhook.request';
import {
  RedeliverDeadResponse,
  RedeliveryQueuedResponse,
  WebhookDeliveryPageResponse,
  WebhookResponse,
  WebhookTestResponse,
  WebhookWithSecretResponse,
} from './webhook.view';

@ApiTags('webhooks')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpointService,
    private readonly deliveries: WebhookDeliveryService,
  ) {}

  @Get()
  @Roles('analyst')
  @ApiOperation({ summary: 'List webhook endpoints (no secrets, header names only)' })
  @ApiOkResponse({ type: [WebhookResponse] })
  list(): Promise<WebhookResponse[]> {
    return this.endpoints.list();
  }

  @Get('event-schemas')
  @Roles('viewer')
  @ApiOperation({
    summary: 'JSON Schemas (2020-12) of the native envelope and of every event payload, versioned',
  })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true } })
  eventSchemas(): { envelope: JsonSchema; events: Record<string, JsonSchema> } {
    return { envelope: EVENT_ENVELOPE_SCHEMA, events: EVENT_SCHEMAS };
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create an endpoint; its signing secret is in this response only' })
  @ApiCreatedResponse({ type: WebhookWithSecretResponse })
  @ApiBadRequestResponse({
    type: ErrorBodyResponse,
    description: 'Bad field, or a URL the outbound policy refuses',
  })
  create(@Body() body: CreateWebhookRequest, @Actor() actor: ActorRef): Promise<WebhookWithSecretResponse> {
    return this.endpoints.create(body, actor);
  }

  @Get(':id')
  @Roles('analyst')
  @ApiOperation({ summary: 'One endpoint' })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiNotFoundResponse({ type: ErrorBodyResponse })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<WebhookResponse> {
    return this.endpoints.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change an endpoint (enabling it again clears its disabled reason)' })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiBadRequestResponse({ type: ErrorBodyResponse })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateWebhookRequest,
  ): Promise<WebhookResponse> {
    return this.endpoints.update(id, body);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an endpoint and its delivery log' })
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.endpoints.remove(id);
  }

  @Post(':id/test')
  @Roles('admin')
  @ApiOperation({ summary: 'Queue a webhook.test event for this endpoint only' })
  @ApiCreatedResponse({ type: WebhookTestResponse })
  test(@Param('id', ParseUUIDPipe) id: string, @Actor() actor: ActorRef): Promise<WebhookTestResponse> {
    return this.endpoints.sendTest(id, actor);
  }

  @Post(':id/rotate-secret')
  @Roles('admin')
  @ApiOperation({
    summary: 'New signing secret (shown once); the old one keeps signing during the grace period',
  })
  @ApiCreatedResponse({ type: WebhookWithSecretResponse })
  rotateSecret(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RotateSecretRequest,
  ): Promise<WebhookWithSecretResponse> {
    return this.endpoints.rotateSecret(id, { graceHours: body.graceHours });
  }

  @Get(':id/deliveries')
  @Roles('analyst')
  @ApiOperation({ summary: 'Delivery log, newest first, with each delivery’s latest attempts' })
  @ApiOkResponse({ type: WebhookDeliveryPageResponse })
  async deliveriesOf(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: DeliveriesQuery,
  ): Promise<WebhookDeliveryPageResponse> {
    return this.deliveries.listDeliveries(id, { limit: q.limit, status: q.status, cursor: q.cursor });
  }

  @Post(':id/redeliver-dead')
  @Roles('admin')
  @ApiOperation({ summary: 'Queue every dead delivery of this endpoint again' })
  @ApiCreatedResponse({ type: RedeliverDeadResponse })
  redeliverDead(@Param('id', ParseUUIDPipe) id: string): Promise<RedeliverDeadResponse> {
    return this.deliveries.redeliverDead(id);
  }
}

@ApiTags('webhooks')
@Controller('api/v1/webhook-deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly deliveries: WebhookDeliveryService) {}

  @Post(':id/redeliver')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue one dead (or delivered) delivery again, due now' })
  @ApiAcceptedResponse({ type: RedeliveryQueuedResponse })
  @ApiNotFoundResponse({ type: ErrorBodyResponse })
  @ApiConflictResponse({ type: ErrorBodyResponse, description: 'Still pending or in flight' })
  async redeliver(@Param('id', ParseUUIDPipe) id: string): Promise<RedeliveryQueuedResponse> {
    await this.deliveries.redeliver(id);
    return { id, status: 'pending' };
  }
}
