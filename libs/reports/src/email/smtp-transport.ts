import { isIP } from 'node:net';
import { createTransport, type SentMessageInfo, type Transporter } from 'nodemailer';
import type { Config } from '@interdict/config';
import { openSetting } from '@interdict/database';
import type { OutboundPolicy } from '@interdict/outbound';

/** The SMTP settings a transport is built from. */
export type SmtpSettings = Config['email']['smtp'];

/**
 * A pooled SMTP transport to the configured server. The host passes the outbound policy first, and the connection
 * goes to the address that was checked (the name still serves TLS verification), as webhook requests do.
 */
export async function smtpTransport(
  config: Config,
  policy: OutboundPolicy,
): Promise<Transporter<SentMessageInfo>> {
  const smtp = config.email.smtp;
  if (!smtp.host) throw new Error('email.smtp.host is not set: no SMTP server to send through');
  const pinned = await policy.resolveHost(smtp.host, 'email.smtp.host');
  const password = smtp.password ? openSetting(config, 'email.smtp.password', smtp.password) : undefined;
  return createTransport({
    pool: true,
    maxConnections: config.email.concurrency,
    maxMessages: 100,
    host: pinned.address,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    // SNI takes a host name only; with an IP literal the certificate is checked against the IP.
    tls: { servername: isIP(smtp.host) ? undefined : smtp.host, rejectUnauthorized: smtp.verifyCertificate },
    auth: smtp.user ? { user: smtp.user, pass: password ?? '' } : undefined,
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}
