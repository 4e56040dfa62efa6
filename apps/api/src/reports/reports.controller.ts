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
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiFoundResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, type ActorRef, Roles } from '@interdict/auth';
import { EvidenceKeyService, ReportScheduleService, ReportService } from '@interdict/reports';
import { ErrorBodyResponse } from '../common/error-body.view';
import { sendDownload, sendReportFile, wantsJson } from './report-file';
import {
  CreateReportRequest,
  CreateReportScheduleRequest,
  ListReportsQuery,
  UpdateReportScheduleRequest,
} from './report.request';
import {
  EvidencePublicKeyResponse,
  ReportPageResponse,
  ReportResponse,
  ReportScheduleResponse,
} from './report.view';

@ApiTags('reports')
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportService) {}

  @Post()
  @HttpCode(202)
  @Roles('analyst')
  @ApiOperation({ summary: 'Queue a report (the worker generates it from one consistent snapshot)' })
  @ApiAcceptedResponse({ type: ReportResponse })
  @ApiBadRequestResponse({ type: ErrorBodyResponse, description: 'Unknown field, type, format or filter' })
  create(@Body() body: CreateReportRequest, @Actor() actor: ActorRef): Promise<ReportResponse> {
    return this.reports.request(
      { type: body.type, format: body.format, filters: body.filters, evidence: body.evidence },
      actor,
    );
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'List reports, newest first' })
  @ApiOkResponse({ type: ReportPageResponse })
  async list(@Query() query: ListReportsQuery): Promise<ReportPageResponse> {
    return this.reports.list({ limit: query.limit, cursor: query.cursor, scheduleId: query.scheduleId });
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A report and its status' })
  @ApiOkResponse({ type: ReportResponse })
  @ApiNotFoundResponse({ type: ErrorBodyResponse })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ReportResponse> {
    return this.reports.get(id);
  }

  @Get(':id/download')
  @Roles('viewer')
  @ApiOperation({
    summary: 'Stream the report file (xlsx or csv) with its name, type and length',
    description:
      'With reports.s3.download = redirect, answers 302 to a short-lived presigned URL on the bucket instead, or, ' +
      'to a client that accepts application/json (the dashboard), that URL as JSON.',
  })
  @ApiOkResponse({
    content: {
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
      'text/csv': { schema: { type: 'string', format: 'binary' } },
      'application/json': {
        schema: {
          type: 'object',
          required: ['url', 'fileName'],
          properties: { url: { type: 'string', format: 'uri' }, fileName: { type: 'string' } },
        },
      },
    },
  })
  @ApiFoundResponse({ description: 'Redirect to a presigned URL on the report bucket (redirect mode)' })
  @ApiNotFoundResponse({
    type: ErrorBodyResponse,
    description: 'No such report, or retention removed its file',
  })
  @ApiConflictResponse({ type: ErrorBodyResponse, description: 'The report is not finished (or failed)' })
  async download(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    // Opening happens before any header is sent, so a missing file is still a normal error response.
    await sendDownload(res, await this.reports.download(id), id, wantsJson(req));
  }

  @Get(':id/evidence')
  @Roles('viewer')
  @ApiOperation({
    summary:
      "Stream the report's signed evidence pack (zip: workbook, a CSV per sheet, manifest.json, signature)",
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({
    type: ErrorBodyResponse,
    description: 'No such report, it was not asked for a pack, or retention removed it',
  })
  @ApiConflictResponse({ type: ErrorBodyResponse, description: 'The report is not finished (or failed)' })
  async evidence(@Param('id', ParseUUIDPipe) id: string, @Res() res: Response): Promise<void> {
    await sendReportFile(res, await this.reports.openEvidence(id), id);
  }
}

@ApiTags('reports')
@Controller('api/v1/report-schedules')
export class ReportSchedulesController {
  constructor(private readonly schedules: ReportScheduleService) {}

  @Post()
  @Roles('analyst')
  @ApiOperation({ summary: 'Create a report schedule (cron in an IANA time zone)' })
  @ApiCreatedResponse({ type: ReportScheduleResponse })
  @ApiBadRequestResponse({
    type: ErrorBodyResponse,
    description: 'Bad cron, time zone, type, format or filter',
  })
  create(
    @Body() body: CreateReportScheduleRequest,
    @Actor() actor: ActorRef,
  ): Promise<ReportScheduleResponse> {
    return this.schedules.create({ ...body }, actor);
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'List report schedules with their next run' })
  @ApiOkResponse({ type: [ReportScheduleResponse] })
  list(): Promise<ReportScheduleResponse[]> {
    return this.schedules.list();
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A report schedule' })
  @ApiOkResponse({ type: ReportScheduleResponse })
  @ApiNotFoundResponse({ type: ErrorBodyResponse })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ReportScheduleResponse> {
    return this.schedules.get(id);
  }

  @Patch(':id')
  @Roles('analyst')
  @ApiOperation({ summary: 'Change a report schedule; fields not given keep their value' })
  @ApiOkResponse({ type: ReportScheduleResponse })
  @ApiNotFoundResponse({ type: ErrorBodyResponse })
  @ApiBadRequestResponse({ type: ErrorBodyResponse })
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateReportScheduleRequest,
    @Actor() actor: ActorRef,
  ): Promise<ReportScheduleResponse> {
    return this.schedules.update(id, { ...body }, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('analyst')
  @ApiOperation({ summary: 'Delete a report schedule (its past reports stay)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorBodyResponse })
  async remove(@Param('id', ParseUUIDPipe) id: string, @Actor() actor: ActorRef): Promise<void> {
    await this.schedules.remove(id, actor);
  }
}

@ApiTags('reports')
@Controller('api/v1/evidence')
export class EvidenceController {
  constructor(private readonly keys: EvidenceKeyService) {}

  @Get('public-key')
  @Roles('viewer')
  @ApiOperation({ summary: 'The Ed25519 public key evidence packs are signed with, and its id' })
  @ApiOkResponse({ type: EvidencePublicKeyResponse })
  @ApiServiceUnavailableResponse({ type: ErrorBodyResponse, description: 'No signing key is configured' })
  publicKey(): EvidencePublicKeyResponse {
    return this.keys.publicKey();
  }
}
