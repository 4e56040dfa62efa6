import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { getLogger } from '@interdict/logger';
import { type Observable, catchError, from, mergeMap, throwError } from 'rxjs';
import type { ActorRef } from '../roles';
import { AuditService } from './audit.service';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface AuditedRequest {
  method: string;
  actor?: ActorRef;
  params?: Record<string, string>;
  route?: { path?: string };
  baseUrl?: string;
}

/** `"POST /api/v1/sources/:id/sync"` → `"sources"`: the collection a route acts on. */
export function targetTypeOf(routePattern: string): string | null {
  const parts = routePattern.split('/').filter((p) => p && !p.startsWith(':'));
  const i = parts.indexOf('v1');
  return (i >= 0 ? parts[i + 1] : parts[0]) ?? null;
}

/** Ids in a response body (top level and one level down), never other values: secrets stay out of the log. */
export function idsOf(body: unknown): Record<string, unknown> | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if ((k === 'id' || k.endsWith('Id')) && (typeof v === 'string' || typeof v === 'number')) out[k] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v)) {
      const inner = (v as Record<string, unknown>).id;
      if (typeof inner === 'string' || typeof inner === 'number') out[`${k}.id`] = inner;
    }
  }
  return Object.keys(out).length ? out : null;
}

/**
 * Writes one `audit_log` line for every mutating call by an authenticated caller, successful or refused:
 * action = method + route pattern, target from the `:id` param or the created id, before = the route's
 * ids, after = the ids in the response (or the error code). Reads are not audited.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly log = getLogger('AuditInterceptor');

  constructor(private readonly audit: AuditService) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<AuditedRequest>();
    if (!MUTATING.has(req.method) || !req.actor) return next.handle();
    const actor = req.actor;
    const pattern = `${req.baseUrl ?? ''}${req.route?.path ?? ''}`;
    const action = `${req.method} ${pattern}`;
    const params = req.params && Object.keys(req.params).length ? { ...req.params } : null;
    const targetType = targetTypeOf(pattern);
    return next.handle().pipe(
      mergeMap((body: unknown) => {
        const after = idsOf(body);
        const targetId =
          params?.id ??
          (typeof after?.id === 'string' || typeof after?.id === 'number' ? String(after.id) : null);
        return from(
          this.audit.record(actor, { action, targetType, targetId, before: params, after }).then(() => body),
        );
      }),
      catchError((err: unknown) => {
        const code = (err as { code?: unknown })?.code;
        const status = (err as { getStatus?: () => number })?.getStatus?.();
        const outcome = { refused: typeof code === 'string' ? code : status ? `http_${status}` : 'error' };
        return from(
          this.audit
            .record(actor, {
              action,
              targetType,
              targetId: params?.id ?? null,
              before: params,
              after: outcome,
            })
            .catch((auditErr: unknown) =>
              this.log.error({ err: auditErr, action }, 'could not write audit line'),
            ),
        ).pipe(mergeMap(() => throwError(() => err)));
      }),
    );
  }
}
