import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { getLogger } from '@interdict/logger';
import type { Request, Response } from 'express';
import { codeForStatus, domainStatus } from './error-status';
import { MAX_JSON_DEPTH } from './json-depth';

/** The one error body every failed request gets. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    field: string | null;
    details: unknown;
    requestId: string;
  };
}

interface Mapped {
  status: number;
  code: string;
  message: string;
  field?: string | null;
  details?: unknown;
  retryAfterSeconds?: number;
}

/**
 * Turns anything thrown into `{ error: { code, message, field, details, requestId } }` with the status from
 * the per-class tables in error-status.ts. Unknown errors are a 500 with a generic message; their stack goes to
 * the log only.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly log = getLogger('ApiExceptionFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { requestId?: string }>();
    const res = ctx.getResponse<Response>();
    const requestId = req.requestId ?? randomUUID();
    const mapped = this.map(err, req);
    if (mapped.status >= 500) {
      this.log.error({ err, requestId, method: req.method, path: req.path }, 'request failed');
    } else {
      this.log.info(
        { requestId, method: req.method, path: req.path, status: mapped.status, code: mapped.code },
        'request refused',
      );
    }
    if (res.headersSent) {
      // A streaming response broke half-way: nothing can be said any more, only cut it.
      res.destroy();
      return;
    }
    if (mapped.retryAfterSeconds) res.setHeader('Retry-After', String(mapped.retryAfterSeconds));
    const body: ErrorBody = {
      error: {
        code: mapped.code,
        message: mapped.message,
        field: mapped.field ?? null,
        details: mapped.details ?? null,
        requestId,
      },
    };
    res.status(mapped.status).json(body);
  }

  // Long because it is the one table from every error shape (body parser, Nest, each lib's error class, validation)
  // to a status and code; the branches are short and their order is the precedence.
  private map(err: unknown, req: Request): Mapped {
    // body-parser errors (malformed JSON, too large) reach here before any route, raw or wrapped by Nest.
    const cause: unknown = err instanceof HttpException ? err.cause : undefined;
    const parserType = (err as { type?: unknown })?.type ?? (cause as { type?: unknown } | undefined)?.type;
    if (parserType === 'entity.parse.failed' || cause instanceof SyntaxError) {
      return { status: 400, code: 'malformed_json', message: 'The request body is not valid JSON' };
    }
    if (parserType === 'entity.too.deep') {
      return {
        status: 400,
        code: 'json_too_deep',
        message: `The request body nests deeper than ${MAX_JSON_DEPTH} levels`,
      };
    }
    if (parserType === 'entity.too.large') {
      return { status: 413, code: 'payload_too_large', message: 'The request body is larger than the limit' };
    }
    if (
      (typeof parserType === 'string' && parserType.startsWith('encoding.')) ||
      parserType === 'charset.unsupported'
    ) {
      return {
        status: 415,
        code: 'unsupported_media_type',
        message: 'The request body encoding is not supported',
      };
    }
    if (err instanceof HttpException) {
      const status = err.getStatus();
      if (status === 404 && /^Cannot [A-Z]+ /.test(err.message)) {
        return { status, code: 'route_not_found', message: `No route ${req.method} ${req.path}` };
      }
      const response = err.getResponse();
      const message =
        typeof response === 'object' &&
        response &&
        typeof (response as { message?: unknown }).message === 'string'
          ? (response as { message: string }).message
          : err.message;
      return { status, code: codeForStatus(status), message: status >= 500 ? 'Internal error' : message };
    }
    const domain = domainStatus(err);
    if (domain) {
      const e = domain.error as Error & {
        code: string;
        field?: unknown;
        details?: unknown;
        problems?: unknown;
        retryAfterSeconds?: unknown;
        retryAfterMs?: unknown;
      };
      const retry =
        typeof e.retryAfterSeconds === 'number'
          ? e.retryAfterSeconds
          : typeof e.retryAfterMs === 'number'
            ? Math.ceil(e.retryAfterMs / 1000)
            : undefined;
      return {
        status: domain.status,
        code: e.code,
        message: e.message,
        field: typeof e.field === 'string' ? e.field : null,
        details: e.details ?? (Array.isArray(e.problems) && e.problems.length ? e.problems : undefined),
        retryAfterSeconds: retry,
      };
    }
    const pgCode = (err as { code?: unknown } | null)?.code;
    // Postgres "data exception" class (22xxx): a value slipped past validation; the caller's fault.
    if (typeof pgCode === 'string' && /^22[0-9A-Z]{3}$/.test(pgCode)) {
      return { status: 400, code: 'invalid_input', message: 'A value in the request is not valid' };
    }
    if (pgCode === '23505') return { status: 409, code: 'conflict', message: 'That already exists' };
    return { status: 500, code: 'internal_error', message: 'Internal error; the request id is in the log' };
  }
}
