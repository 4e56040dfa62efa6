import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** What a test SMTP server does beyond accepting mail. */
export interface TestSmtpOptions {
  /** Require AUTH with these credentials (refused with 535 otherwise). */
  auth?: { user: string; pass: string };
  /** Recipients answered with 550 at RCPT TO. */
  refuse?: RegExp;
  /** Hold each message this long before answering the final dot. */
  holdMs?: number;
  /** Listen on this port (to come back up where a sender expects it). */
  port?: number;
  /** Offer STARTTLS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
}

/** A real SMTP server (the smtp-server package) on 127.0.0.1; what arrives is parsed with mailparser. */
export interface TestSmtpServer {
  port: number;
  /** Every message accepted, in arrival order, parsed. */
  received: ParsedMail[];
  /** Envelope recipients of each accepted message. */
  envelopes: string[][];
  close(): Promise<void>;
}

export async function startTestSmtpServer(opts: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const received: ParsedMail[] = [];
  const envelopes: string[][] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: [...(opts.tls ? [] : ['STARTTLS']), ...(opts.auth ? [] : ['AUTH'])],
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : {}),
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    size: 50 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
      }
    },
    onRcptTo(address, _session, callback) {
      if (opts.refuse?.test(address.address)) {
        callback(Object.assign(new Error(`No such user here: ${address.address}`), { responseCode: 550 }));
      } else {
        callback();
      }
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          if (opts.holdMs) await new Promise((r) => setTimeout(r, opts.holdMs));
          received.push(mail);
          envelopes.push(session.envelope.rcptTo.map((r) => r.address));
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined); // a client that goes away mid-message is not the test's failure
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    envelopes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
