import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { type Observable, tap } from 'rxjs';
import { markDataChanged } from './response-cache';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** After each successful mutating request, cached read answers of this process are dropped (see ResponseCache). */
@Injectable()
export class DataChangeInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const method =
      ctx.getType() === 'http' ? ctx.switchToHttp().getRequest<{ method: string }>().method : 'GET';
    if (!MUTATING.has(method)) return next.handle();
    return next.handle().pipe(tap({ next: () => markDataChanged(), complete: () => markDataChanged() }));
  }
}
