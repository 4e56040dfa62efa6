import { bool, hostOrCidr, int, list, oneOf, port, str } from '../parsers';
import type { SettingReader } from '../setting-reader';

const FROM = /^(?:[^<>\r\n"]{1,100} <)?[^@\s<>"]{1,64}@[A-Za-z0-9.-]{1,255}>?$/;

function readSmtp(r: SettingReader) {
  return {
    /** The SMTP server scheduled reports are sent through; unset = no email (schedules with recipients wait). */
    host: r.read('email.smtp.host', str({ maxLength: 255 }), { env: 'SMTP_HOST' }),
    port: r.read('email.smtp.port', port, { env: 'SMTP_PORT', default: 587 }),
    /** starttls: upgrade after connecting, refuse if the server cannot; tls: TLS from the start (465); none. */
    security: r.read('email.smtp.security', oneOf(['starttls', 'tls', 'none'] as const), {
      env: 'SMTP_SECURITY',
      default: 'starttls',
    }),
    user: r.read('email.smtp.user', str({ maxLength: 320 }), { env: 'SMTP_USER' }),
    /** Plain, or sealed with the encryption key (`npm run secret:seal`), so a config file holds no password. */
    password: r.read('email.smtp.password', str({ maxLength: 4096 }), { env: 'SMTP_PASSWORD', secret: true }),
    /** Check the server's certificate (turn off only for a relay with a self-signed certificate you trust). */
    verifyCertificate: r.read('email.smtp.verifyCertificate', bool, {
      env: 'SMTP_VERIFY_CERTIFICATE',
      default: true,
    }),
    /** Connection, greeting and each command's answer wait at most this long. */
    timeoutMs: r.read('email.smtp.timeoutMs', int(1_000, 600_000), {
      env: 'SMTP_TIMEOUT_MS',
      default: 30_000,
    }),
  };
}

export function readEmail(r: SettingReader) {
  const smtp = readSmtp(r);
  const email = {
    smtp,
    /** The sender, e.g. `Interdict <interdict@corp.example>`. Required with smtp.host. */
    from: r.read(
      'email.from',
      str({
        maxLength: 400,
        pattern: FROM,
        describe: 'an address, optionally with a name: Name <a@b.example>',
      }),
      { env: 'EMAIL_FROM' },
    ),
    /** Reports up to this size are attached; larger ones are sent as a signed, expiring download link. */
    attachMaxBytes: r.read('email.attachMaxBytes', int(0, 50 * 1024 * 1024), {
      env: 'EMAIL_ATTACH_MAX_BYTES',
      default: 10 * 1024 * 1024,
    }),
    /** How long an emailed download link works. */
    linkTtlHours: r.read('email.linkTtlHours', int(1, 24 * 90), {
      env: 'EMAIL_LINK_TTL_HOURS',
      default: 168,
    }),
    /** The worker sends queued mail. */
    deliveryEnabled: r.read('email.deliveryEnabled', bool, { env: 'EMAIL_DELIVERY_ENABLED', default: true }),
    /** Mails in flight per worker process (pooled SMTP connections). */
    concurrency: r.read('email.concurrency', int(1, 50), { env: 'EMAIL_CONCURRENCY', default: 4 }),
    pollIntervalMs: r.read('email.pollIntervalMs', int(50, 600_000), {
      env: 'EMAIL_POLL_INTERVAL_MS',
      default: 1_000,
    }),
    /** A mail being sent is held this long; a worker that dies with it leaves it to another after that. */
    leaseMs: r.read('email.leaseMs', int(5_000, 3_600_000), { env: 'EMAIL_LEASE_MS', default: 300_000 }),
    /** Delay before each retry in seconds; the last value repeats until maxAttempts. Jitter ±20 %. */
    retryScheduleSeconds: r.read('email.retryScheduleSeconds', list(int(1, 7 * 86_400)), {
      env: 'EMAIL_RETRY_SCHEDULE_SECONDS',
      default: [30, 120, 600, 1_800, 3_600, 7_200, 14_400],
    }),
    maxAttempts: r.read('email.maxAttempts', int(1, 100), { env: 'EMAIL_MAX_ATTEMPTS', default: 10 }),
    /** SMTP hosts or CIDRs that may be reached although private (a relay inside the network usually is). */
    allowlist: r.read('email.allowlist', list(hostOrCidr), { env: 'EMAIL_ALLOWLIST', default: [] }),
  };
  if (smtp.host && !email.from)
    r.problem('email.from is required when email.smtp.host is set — from EMAIL_FROM');
  if (smtp.password && !smtp.user) r.problem('email.smtp.user is required when email.smtp.password is set');
  return email;
}
