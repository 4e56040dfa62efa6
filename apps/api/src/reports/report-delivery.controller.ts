import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Request, Response } from 'express';
import { Actor, type ActorRef, Public, Roles } from '@interdict/auth';
import { Config } from '@interdict/config';
import {
  DownloadLinks,
  MAX_LINK_HOURS,
  ReportMailer,
  ReportMails,
  ReportService,
  type DownloadLinkView,
  type MailView,
} from '@interdict/reports';
import { ErrorBodyResponse } from '../common/error-body.view';
import { sendDownload } from './report-file';

/** One send of a mail and the server's answer. */
export class MailLogEntryResponse {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({
    enum: ['sent', 'retry', 'dead', 'interrupted'],
    description: 'interrupted: the worker stopped mid-send; the mail was sent again with the same Message-ID',
  })
  outcome!: string;
  @ApiProperty({ type: String, nullable: true, example: '250 OK: message queued' }) smtpResponse!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

/** A refused recipient. */
export class RejectedRecipientResponse {
  @ApiProperty() address!: string;
  @ApiProperty({ example: '550 No such user here' }) response!: string;
}

/** A scheduled report's mail: who it went to, its state, and every send. */
export class MailResponse implements MailView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) reportId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) scheduleId!: string | null;
  @ApiProperty({ example: '<report-0b6f…@corp.example>', description: 'The same on every send of this mail' })
  messageId!: string;
  @ApiProperty({ type: [String] }) to!: string[];
  @ApiProperty({ type: [String] }) cc!: string[];
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: ['pending', 'sending', 'sent', 'dead'] }) status!: MailView['status'];
  @ApiProperty({ description: 'Sends so far' }) attempts!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Next try while pending' })
  nextAttemptAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: [RejectedRecipientResponse] }) rejected!: RejectedRecipientResponse[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt!: string | null;
  @ApiProperty({ type: [MailLogEntryResponse] }) log!: MailLogEntryResponse[];
}

/** A download link; `url` is given once, when it is made. */
export class DownloadLinkResponse implements DownloadLinkView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) reportId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) emailDeliveryId!: string | null;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) revokedBy!: string | null;
  @ApiProperty() useCount!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt!: string | null;
  @ApiPropertyOptional({ description: 'Only in the answer that makes the link; it is not stored' })
  url?: string;
}

/** Where a test mail goes. */
export class SendTestEmailRequest {
  @ApiProperty({
    example: 'you@corp.example',
    description: 'One address, "a@b.example" or "Name <a@b.example>"',
  })
  @IsString()
  @MaxLength(400)
  to!: string;
}

/** What the SMTP server answered to a test mail. */
export class TestEmailResponse {
  @ApiProperty({ example: '250 2.0.0 Ok: queued as 4Xk2' }) response!: string;
  @ApiProperty({ type: [String] }) accepted!: string[];
  @ApiProperty({ type: [String] }) rejected!: string[];
}

/** How long a new link works. */
export class CreateDownloadLinkRequest {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LINK_HOURS, description: 'Default: email.linkTtlHours' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_LINK_HOURS)
  expiresInHours?: number;
}

@ApiTags('reports')
@Controller('api/v1')
export class ReportDeliveryController {
  constructor(
    private readonly mails: ReportMails,
    private readonly links: DownloadLinks,
    private readonly mailer: ReportMailer,
    private readonly config: Config,
  ) {}

  @Post('email/test')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Send one test mail now with the configured SMTP settings (not through the outbox) and show the answer',
  })
  @ApiOkResponse({ type: TestEmailResponse })
  @ApiBadRequestResponse({ type: ErrorBodyResponse, description: 'Not a valid address' })
  @ApiBadGatewayResponse({
    type: ErrorBodyResponse,
    description: 'The SMTP server refused or could not be reached',
  })
  @ApiServiceUnavailableResponse({ type: ErrorBodyResponse, description: 'No SMTP server is configured' })
  testEmail(@Body() body: SendTestEmailRequest): Promise<TestEmailResponse> {
    return this.mailer.sendTest(body.to);
  }

  @Get('reports/:id/emails')
  @Roles('analyst')
  @ApiOperation({
    summary: "A scheduled report's mail: recipients, state and every send with the server's answer",
  })
  @ApiOkResponse({ type: [MailResponse] })
  emailsOfReport(@Param('id', ParseUUIDPipe) id: string): Promise<MailResponse[]> {
    return this.mails.forReport(id);
  }

  @Get('report-schedules/:id/emails')
  @Roles('analyst')
  @ApiOperation({ summary: "A schedule's latest 20 mails, newest first" })
  @ApiOkResponse({ type: [MailResponse] })
  emailsOfSchedule(@Param('id', ParseUUIDPipe) id: string): Promise<MailResponse[]> {
    return this.mails.forSchedule(id);
  }

  @Post('report-emails/:id/resend')
  @HttpCode(200)
  @Roles('analyst')
  @ApiOperation({ summary: 'Queue a given-up (dead) mail again, with the same Message-ID' })
  @ApiOkResponse({ type: MailResponse })
  @ApiNotFoundResponse({ type: ErrorBodyResponse })
  @ApiConflictResponse({ type: ErrorBodyResponse, description: 'The mail is not dead' })
  resend(@Param('id', ParseUUIDPipe) id: string, @Actor() actor: ActorRef): Promise<MailResponse> {
    return this.mails.resend(id, actor);
  }

  @Post('reports/:id/links')
  @Roles('analyst')
  @ApiOperation({
    summary:
      'Make a signed, expiring link to this report file for someone without an API key (the URL is shown once)',
  })
  @ApiCreatedResponse({ type: DownloadLinkResponse })
  @ApiNotFoundResponse({ type: ErrorBodyResponse })
  @ApiConflictResponse({
    type: ErrorBodyResponse,
    description: 'The report has no file (not finished, or removed)',
  })
  @ApiBadRequestResponse({ type: ErrorBodyResponse })
  createLink(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateDownloadLinkRequest,
    @Actor() actor: ActorRef,
  ): Promise<DownloadLinkResponse> {
    return this.links.create(id, {
      hours: body.expiresInHours ?? this.config.email.linkTtlHours,
      who: actor,
    });
  }

  @Get('reports/:id/links')
  @Roles('analyst')
  @ApiOperation({ summary: "A report's download links with their uses (URLs are not shown again)" })
  @ApiOkResponse({ type: [DownloadLinkResponse] })
  listLinks(@Param('id', ParseUUIDPipe) id: string): Promise<DownloadLinkResponse[]> {
    return this.links.list(id);
  }

  @Post('download-links/:id/revoke')
  @HttpCode(200)
  @Roles('analyst')
  @ApiOperation({ summary: 'Revoke a download link at once' })
  @ApiOkResponse({ type: DownloadLinkResponse })
  @ApiNotFoundResponse({ type: ErrorBodyResponse })
  revokeLink(
    @Param('id', ParseUUIDPipe) id: string,
    @Actor() actor: ActorRef,
  ): Promise<DownloadLinkResponse> {
    return this.links.revoke(id, actor);
  }
}

/** The one route without an API key: a download link fetches its one file; every use and refusal is audited. */
@ApiTags('reports')
@Controller('d')
export class SharedDownloadController {
  constructor(
    private readonly links: DownloadLinks,
    private readonly reports: ReportService,
  ) {}

  @Get(':token')
  @Public()
  @ApiOperation({
    summary: 'Download the report file a signed link points at (no API key; the link is the key)',
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: ErrorBodyResponse, description: 'Not a valid link, or the file was removed' })
  @ApiGoneResponse({ type: ErrorBodyResponse, description: 'The link expired or was revoked' })
  async download(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { reportId, linkId } = await this.links.use(token, {
      type: 'system',
      id: null,
      name: 'download link',
      ip: req.ip ?? null,
      requestId: (req as Request & { requestId?: string }).requestId ?? null,
    });
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Download-Link', linkId);
    await sendDownload(res, await this.reports.download(reportId), reportId);
  }
}
