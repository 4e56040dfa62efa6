import { pipeline } from 'node:stream/promises';
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
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor, type ActorRef, Roles } from '@interdict/auth';
import { getLogger } from '@interdict/logger';
import { contentDisposition, ReportScheduleService, ReportService } from '@interdict/reports';
import { ErrorBodyResponse } from '../common/error-body.view';
import {
  CreateReportRequest,
  CreateReportScheduleRequest,
  ListReportsQuery,
  UpdateReportScheduleRequest,
} from './report.request';
import { ReportPageResponse, ReportResponse, ReportScheduleResponse } from './report.view';

@ApiTags('reports')
@Controller('api/v1/reports')
export class ReportsController {
  private readonly log = getLogger('ReportsController');

  constructor(private readonly reports: ReportService) {}

  @Post()
  @HttpCode(202)
  @Roles('analyst')
  @ApiOperation({ summary: 'Queue a report (the worker generates it from one consistent snapshot)' })
  @ApiAcceptedResponse({ type: ReportResponse })
  @ApiBadRequestResponse({ type: ErrorBodyResponse, description: 'Unknown field, type, format or filter' })
  create(@Body() body: CreateReportRequest, @Actor() actor: ActorRef): Promise<ReportResponse> {
    return this.reports.request({ type: body.type, format: body.format, filters: body.filters }, actor);
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
      'With reports.s3.download = redirect, answers 302 to a short-lived presigned URL on the bucket instead.',
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiFoundResponse({ description: 'Redirect to a presigned URL on the report bucket (redirect mode)' })
  @ApiNotFoundResponse({
    type: ErrorBodyResponse,
    description: 'No such report, or retention removed its file',
  })
  @ApiConflictResponse({ type: ErrorBodyResponse, description: 'The report is not finished (or failed)' })
  async download(@Param('id', ParseUUIDPipe) id: string, @Res() res: Response): Promise<void> {
    // Opening happens before any header is sent, so a missing file is still a normal error response.
    const file = await this.reports.download(id);
    res.setHeader('Cache-Control', 'private, no-store');
    if (file.redirectTo !== undefined) {
      res.redirect(302, file.redirectTo);
      return;
    }
    res.status(200);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.sizeBytes));
    res.setHeader('Content-Disposition', contentDisposition(file.fileName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.flushHeaders();
    try {
      await pipeline(file.body, res);
    } catch (err) {
      // Headers are gone; the client sees a short body against Content-Length, which is how HTTP says "broken".
      this.log.warn({ err, reportId: id }, 'report download interrupted');
      res.destroy();
    }
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
