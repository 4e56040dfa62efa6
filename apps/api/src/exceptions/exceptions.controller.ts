import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, type ActorRef, Roles } from '@interdict/auth';
import { ExceptionService } from '@interdict/exposure';
import { CreateExceptionRequest, UpdateExceptionRequest } from './create-exception.request';
import { ExceptionResponse, ListExceptionsQuery, toExceptionResponse } from './exception.view';

@ApiTags('exceptions')
@Controller('api/v1/exceptions')
export class ExceptionsController {
  constructor(private readonly exceptions: ExceptionService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Exceptions, newest first (active and past)' })
  @ApiOkResponse({ type: [ExceptionResponse] })
  async list(@Query() q: ListExceptionsQuery): Promise<ExceptionResponse[]> {
    return (await this.exceptions.list({ activeOnly: q.active === true })).map(toExceptionResponse);
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One exception' })
  @ApiOkResponse({ type: ExceptionResponse })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<ExceptionResponse> {
    return toExceptionResponse(await this.exceptions.get(id));
  }

  @Post()
  @Roles('analyst')
  @ApiOperation({
    summary:
      'Create an exception with an expiry; the exposures it covers become "excepted" at once (a rule exception lifts that rule only)',
  })
  @ApiCreatedResponse({ type: ExceptionResponse })
  async create(@Body() body: CreateExceptionRequest, @Actor() actor: ActorRef): Promise<ExceptionResponse> {
    const created = await this.exceptions.create(
      {
        ruleId: body.ruleId ?? null,
        productId: body.productId ?? null,
        scopeType: body.scopeType,
        scopeValue: body.scopeValue,
        reason: body.reason,
        approvedBy: body.approvedBy,
        expiresAt: new Date(body.expiresAt),
      },
      actor,
    );
    return toExceptionResponse(created);
  }

  @Patch(':id')
  @Roles('analyst')
  @ApiOperation({
    summary: 'Edit an active exception: reason, approver, expiry (a new expiry applies at once)',
  })
  @ApiOkResponse({ type: ExceptionResponse })
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateExceptionRequest,
  ): Promise<ExceptionResponse> {
    const updated = await this.exceptions.update(id, {
      reason: body.reason,
      approvedBy: body.approvedBy,
      expiresAt: body.expiresAt === undefined ? undefined : new Date(body.expiresAt),
    });
    return toExceptionResponse(updated);
  }

  @Post(':id/revoke')
  @Roles('analyst')
  @ApiOperation({ summary: 'Revoke an exception (kept as history); its exposures re-open at once' })
  @ApiCreatedResponse({ type: ExceptionResponse, description: 'The revoked exception' })
  async revoke(@Param('id', ParseUUIDPipe) id: string): Promise<ExceptionResponse> {
    return toExceptionResponse(await this.exceptions.revoke(id));
  }

  @Delete(':id')
  @Roles('analyst')
  @ApiOperation({ summary: 'Same as revoke: exceptions are never deleted, only revoked' })
  @ApiOkResponse({ type: ExceptionResponse, description: 'The revoked exception' })
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<ExceptionResponse> {
    return toExceptionResponse(await this.exceptions.revoke(id));
  }
}
