import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Roles in increasing power: viewer (read, download) < analyst (+ exceptions, reports) < admin (+ sources, webhooks, keys). */
export type Role = 'viewer' | 'analyst' | 'admin';
export const ROLE_ORDER: readonly Role[] = ['viewer', 'analyst', 'admin'];

export const ROLES_KEY = 'interdict:roles';
export const PUBLIC_KEY = 'interdict:public';

/** The least role that may call this route; every API route carries @Roles or @Public (tested). */
export const Roles = (role: Role) => SetMetadata(ROLES_KEY, role);
/** A route open without credentials (health, login page assets). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Who is calling: recorded in the audit log and on created rows. */
export interface ActorRef {
  type: 'api_key' | 'oidc' | 'system';
  id: string | null;
  name: string;
  role: Role;
  ip?: string | null;
  requestId?: string | null;
}

/** The system itself (schedules, start-up). */
export const SYSTEM_ACTOR: ActorRef = { type: 'system', id: null, name: 'system', role: 'admin' };

/** Injects the authenticated caller set on the request by the auth guard. */
export const Actor = createParamDecorator((_data: unknown, ctx: ExecutionContext): ActorRef => {
  const req = ctx.switchToHttp().getRequest<{ actor?: ActorRef }>();
  if (!req.actor) throw new Error('no authenticated actor on the request');
  return req.actor;
});
