import { Injectable } from '@nestjs/common';
import { Config } from '@interdict/config';
import { getLogger } from '@interdict/logger';
import { ROLE_ORDER, type ActorRef, type Role } from '../roles';

type Jose = typeof import('jose');
type RemoteJwks = ReturnType<Jose['createRemoteJWKSet']>;

/** The highest role granted by the values of the role claim, or null when none maps. */
export function roleFromClaim(
  claim: unknown,
  mapping: {
    adminValues: readonly string[];
    analystValues: readonly string[];
    viewerValues: readonly string[];
  },
): Role | null {
  const values = Array.isArray(claim)
    ? claim.filter((v): v is string => typeof v === 'string')
    : typeof claim === 'string'
      ? claim.split(' ')
      : [];
  const granted: Role[] = [];
  if (values.some((v) => mapping.viewerValues.includes(v))) granted.push('viewer');
  if (values.some((v) => mapping.analystValues.includes(v))) granted.push('analyst');
  if (values.some((v) => mapping.adminValues.includes(v))) granted.push('admin');
  return granted.sort((a, b) => ROLE_ORDER.indexOf(b) - ROLE_ORDER.indexOf(a))[0] ?? null;
}

/**
 * Verifies OIDC bearer JWTs against the provider's JWKS (signature, issuer, audience, expiry) and maps a
 * claim to a role. Off unless `auth.oidc.issuer`, `jwksUrl` and `audience` are all set.
 */
@Injectable()
export class OidcVerifier {
  private readonly log = getLogger('OidcVerifier');
  private jwks?: Promise<{ jose: Jose; keys: RemoteJwks }>;

  constructor(private readonly config: Config) {}

  /** True when bearer JWTs are accepted. */
  get isEnabled(): boolean {
    const o = this.config.auth.oidc;
    return Boolean(o.issuer && o.jwksUrl && o.audience);
  }

  /** The caller behind a valid token with a mapped role, else null (the reason is logged, not returned). */
  async verify(token: string): Promise<ActorRef | null> {
    if (!this.isEnabled) return null;
    const o = this.config.auth.oidc;
    // jose ships ES modules only; loaded on first use so processes without OIDC never load it.
    this.jwks ??= import('jose').then((jose) => ({
      jose,
      keys: jose.createRemoteJWKSet(new URL(o.jwksUrl!)),
    }));
    try {
      const { jose, keys } = await this.jwks;
      const { payload } = await jose.jwtVerify(token, keys, {
        issuer: o.issuer!,
        audience: o.audience!,
        clockTolerance: o.clockToleranceSeconds,
      });
      const role = roleFromClaim(payload[o.roleClaim], o);
      if (!role) {
        this.log.warn({ sub: payload.sub, claim: o.roleClaim }, 'oidc token has no role mapped to Interdict');
        return null;
      }
      const nameClaim = payload[o.nameClaim];
      return {
        type: 'oidc',
        id: payload.sub ?? null,
        name: typeof nameClaim === 'string' ? nameClaim : (payload.sub ?? 'oidc user'),
        role,
      };
    } catch (err) {
      this.log.info({ reason: err instanceof Error ? err.message : 'unknown' }, 'oidc token refused');
      return null;
    }
  }
}
