import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, type ActorRef, ApiKeyService, AuditService, Roles } from '@interdict/auth';
import { ErrorBodyResponse } from '../common/error-body.view';
import { ApiKeyResponse, AuditLogPageResponse, CreatedApiKeyResponse, WhoAmIResponse } from './api-key.view';
import { CreateApiKeyRequest } from './create-api-key.request';
import { AuditLogQuery } from './audit-log.request';

@ApiTags('api keys')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List API keys (never their secrets)' })
  @ApiOkResponse({ type: [ApiKeyResponse] })
  list(): Promise<ApiKeyResponse[]> {
    return this.keys.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create an API key; the key text is in this response only' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  @ApiBadRequestResponse({ type: ErrorBodyResponse })
  async create(@Body() body: CreateApiKeyRequest, @Actor() actor: ActorRef): Promise<CreatedApiKeyResponse> {
    const created = await this.keys.create(
      { name: body.name, role: body.role, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null },
      actor,
    );
    return { ...created.apiKey, key: created.key };
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'One API key' })
  @ApiOkResponse({ type: ApiKeyResponse })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ApiKeyResponse> {
    return this.keys.get(id);
  }

  @Post(':id/revoke')
  @Roles('admin')
  @ApiOperation({ summary: 'Revoke an API key for good' })
  @ApiCreatedResponse({ type: ApiKeyResponse, description: 'The revoked key' })
  revoke(@Param('id', ParseUUIDPipe) id: string): Promise<ApiKeyResponse> {
    return this.keys.revoke(id);
  }
}

@ApiTags('api keys')
@Controller('api/v1/auth')
export class WhoAmIController {
  @Get('me')
  @Roles('viewer')
  @ApiOperation({ summary: 'The caller behind the presented credentials and its role' })
  @ApiOkResponse({ type: WhoAmIResponse })
  me(@Actor() actor: ActorRef): WhoAmIResponse {
    return { type: actor.type, id: actor.id, name: actor.name, role: actor.role };
  }
}

@ApiTags('audit')
@Controller('api/v1/audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Audit log of every change, newest first' })
  @ApiOkResponse({ type: AuditLogPageResponse })
  async list(@Query() q: AuditLogQuery): Promise<AuditLogPageResponse> {
    return this.audit.list({
      limit: q.limit ?? 50,
      cursor: q.cursor,
      targetType: q.targetType,
      targetId: q.targetId,
    });
  }
}
