import { bool, int, list, str, url } from '../parsers';
import type { SettingReader } from '../setting-reader';

const claimValue = str({ maxLength: 200 });

// Long because it is the auth section's settings, one entry each.
export function readAuth(r: SettingReader) {
  return {
    /** Create and log one admin API key at start-up when the database has no key at all. */
    bootstrapAdminKey: r.read('auth.bootstrapAdminKey', bool, {
      env: 'AUTH_BOOTSTRAP_ADMIN_KEY',
      default: true,
    }),
    /** A key's last-used time is written at most this often (reads stay cheap under load). */
    lastUsedWriteIntervalMs: r.read('auth.lastUsedWriteIntervalMs', int(0, 86_400_000), {
      env: 'AUTH_LAST_USED_WRITE_INTERVAL_MS',
      default: 60_000,
    }),
    rateLimit: {
      /** Sustained requests per second per key or token (token bucket, per process). 0 = no limit. */
      perSecond: r.read('auth.rateLimit.perSecond', int(0, 1_000_000), {
        env: 'AUTH_RATE_LIMIT_PER_SECOND',
        default: 50,
      }),
      /** Bucket size: how many requests may arrive at once. */
      burst: r.read('auth.rateLimit.burst', int(1, 1_000_000), {
        env: 'AUTH_RATE_LIMIT_BURST',
        default: 200,
      }),
    },
    failedLogins: {
      /**
       * Failed authentications (a presented key or token that is refused) allowed per client address per minute,
       * per process; beyond it the address gets 429 for every credential until its allowance refills. 0 = no limit.
       */
      perMinute: r.read('auth.failedLogins.perMinute', int(0, 100_000), {
        env: 'AUTH_FAILED_LOGINS_PER_MINUTE',
        default: 20,
      }),
    },
    oidc: {
      /** Expected `iss` of bearer JWTs; OIDC is off while unset. */
      issuer: r.read('auth.oidc.issuer', str({ maxLength: 500 }), { env: 'AUTH_OIDC_ISSUER' }),
      jwksUrl: r.read('auth.oidc.jwksUrl', url(['https', 'http']), { env: 'AUTH_OIDC_JWKS_URL' }),
      audience: r.read('auth.oidc.audience', str({ maxLength: 500 }), { env: 'AUTH_OIDC_AUDIENCE' }),
      /** Claim holding the caller's roles or groups (a string or a list), e.g. `roles` or `groups`. */
      roleClaim: r.read('auth.oidc.roleClaim', str({ maxLength: 200 }), {
        env: 'AUTH_OIDC_ROLE_CLAIM',
        default: 'roles',
      }),
      /** Claim used as the caller's name in the audit log. */
      nameClaim: r.read('auth.oidc.nameClaim', str({ maxLength: 200 }), {
        env: 'AUTH_OIDC_NAME_CLAIM',
        default: 'preferred_username',
      }),
      adminValues: r.read('auth.oidc.adminValues', list(claimValue), {
        env: 'AUTH_OIDC_ADMIN_VALUES',
        default: ['interdict.admin'],
      }),
      analystValues: r.read('auth.oidc.analystValues', list(claimValue), {
        env: 'AUTH_OIDC_ANALYST_VALUES',
        default: ['interdict.analyst'],
      }),
      viewerValues: r.read('auth.oidc.viewerValues', list(claimValue), {
        env: 'AUTH_OIDC_VIEWER_VALUES',
        default: ['interdict.viewer'],
      }),
      clockToleranceSeconds: r.read('auth.oidc.clockToleranceSeconds', int(0, 600), {
        env: 'AUTH_OIDC_CLOCK_TOLERANCE_SECONDS',
        default: 30,
      }),
    },
  };
}
