import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Config } from '@interdict/config';
import { getLogger } from '@interdict/logger';
import { AuthError } from '../auth.errors';
import { ApiKeyService } from '../keys/api-key.service';
import { OidcVerifier } from '../oidc/oidc-verifier';
import { FailedAuthLimiter } from '../rate-limit/failed-auth-limiter';
import { TokenBuckets } from '../rate-limit/token-bucket';
import { PUBLIC_KEY, ROLES_KEY, ROLE_ORDER, type ActorRef, type Role } from '../roles';

/** The bits of an HTTP request the guard reads and writes. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  /** The TCP peer: the client address failed authentications are counted by (no proxy header is trusted). */
  socket?: { remoteAddress?: string };
  method: string;
  originalUrl?: string;
  requestId?: string;
  actor?: ActorRef;
  /** The route's access decision, set by the guard (the hot read path remembers it with the URL). */
  accessDecision?: Role | 'public';
}

/** The access decision a route carries: a least role, public, or none (a bug the guard refuses). */
export function routeDecision(
  reflector: Reflector,
  handler: (...args: never[]) => unknown,
  controller: abstract new (...args: never[]) => unknown,
): Role | 'public' | null {
  const targets = [handler, controller];
  const role = reflector.getAllAndOverride<Role | undefined>(ROLES_KEY, targets);
  if (role) return role;
  return reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets) ? 'public' : null;
}

/**
 * The one global guard: every route must say @Roles or @Public (else it is refused), callers prove who
 * they are with an API key (`Authorization: Bearer idk_…` or `X-Api-Key`) or an OIDC bearer JWT, are
 * rate limited per key, and need at least the route's role. Refused credentials are limited per client address
 * (`auth.failedLogins`), checked before the credential is.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly log = getLogger('AuthGuard');
  private readonly buckets: TokenBuckets;
  private readonly failures: FailedAuthLimiter;

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
    private readonly oidc: OidcVerifier,
    config: Config,
  ) {
    this.buckets = new TokenBuckets(config.auth.rateLimit.perSecond, config.auth.rateLimit.burst);
    this.failures = new FailedAuthLimiter(config.auth.failedLogins.perMinute);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const decision = routeDecision(this.reflector, ctx.getHandler() as () => unknown, ctx.getClass());
    if (decision === null) {
      this.log.error(
        { route: `${ctx.getClass().name}.${ctx.getHandler().name}` },
        'route has no access decision',
      );
      throw new AuthError('route_not_classified', 'This route has no access decision and is refused');
    }
    req.accessDecision = decision;
    if (decision === 'public') return true;

    const actor = await this.authenticate(req);
    const wait = this.buckets.take(`${actor.type}:${actor.id ?? actor.name}`);
    if (wait > 0) {
      throw new AuthError(
        'rate_limited',
        `Too many requests for this key; retry in ${wait} s`,
        undefined,
        wait,
      );
    }
    req.actor = { ...actor, ip: req.ip ?? null, requestId: req.requestId ?? null };
    if (ROLE_ORDER.indexOf(actor.role) < ROLE_ORDER.indexOf(decision)) {
      throw new AuthError(
        'forbidden',
        `This action needs the "${decision}" role; the caller has "${actor.role}"`,
      );
    }
    return true;
  }

  /** Who the request's credential belongs to; refuses a missing or invalid one, and an address that guesses. */
  private async authenticate(req: AuthenticatedRequest): Promise<ActorRef> {
    const credential = credentialOf(req);
    if (!credential) {
      throw new AuthError(
        'unauthenticated',
        'Missing credentials: send "Authorization: Bearer <API key or token>" or "X-Api-Key: <API key>"',
      );
    }
    // An address past its allowance of failures is refused before its credential is looked at, so a brute force
    // costs no lookup. Valid credentials are refused too: the limiter cannot tell them from guesses without
    // checking them, and if it checked them a guesser would still learn which guess was right at full speed.
    // The price is that callers sharing the address wait with the guesser (default 3 s per further attempt).
    const address = clientAddress(req);
    const locked = this.failures.reserve(address);
    if (locked > 0) {
      this.log.info({ address, retryAfterSeconds: locked }, 'too many failed authentications');
      throw new AuthError(
        'rate_limited',
        `Too many failed authentications from this address; retry in ${locked} s`,
        undefined,
        locked,
      );
    }
    let actor: ActorRef | null;
    try {
      actor = credential.startsWith('idk_')
        ? await this.apiKeys.authenticate(credential)
        : await this.oidc.verify(credential);
    } catch (err) {
      this.failures.refund(address); // the lookup failed (database down), not the caller
      throw err;
    }
    if (!actor) throw new AuthError('unauthenticated', 'The credentials are invalid, expired or revoked');
    this.failures.refund(address);
    return actor;
  }

  /**
   * The same decision for the hot read path, from memory only: true when the request carries an API key that
   * is in the verified-key cache, is live, has at least `least` and is within its rate limit (a token is taken,
   * and the actor is set as by canActivate). False means "not decided here": the request goes through the full
   * pipeline, whose guard answers with the proper error (a refused rate-limit take consumes nothing).
   */
  admitFromMemory(req: AuthenticatedRequest, least: Role): boolean {
    const credential = credentialOf(req);
    if (!credential?.startsWith('idk_')) return false;
    // A locked address goes to the pipeline, whose guard answers 429 (valid keys included, as there).
    if (this.failures.retryAfter(clientAddress(req)) > 0) return false;
    const actor = this.apiKeys.authenticateFromMemory(credential);
    if (!actor || ROLE_ORDER.indexOf(actor.role) < ROLE_ORDER.indexOf(least)) return false;
    if (this.buckets.take(`${actor.type}:${actor.id ?? actor.name}`) > 0) return false;
    req.actor = { ...actor, ip: req.ip ?? null, requestId: req.requestId ?? null };
    return true;
  }
}

function clientAddress(req: AuthenticatedRequest): string {
  return req.socket?.remoteAddress ?? req.ip ?? 'unknown';
}

function credentialOf(req: AuthenticatedRequest): string | null {
  const header = req.headers['x-api-key'];
  const apiKey = Array.isArray(header) ? header[0] : header;
  if (apiKey?.trim()) return apiKey.trim();
  const auth = req.headers.authorization;
  const value = Array.isArray(auth) ? auth[0] : auth;
  const m = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return m ? m[1] : null;
}
