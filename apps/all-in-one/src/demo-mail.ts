import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { getLogger } from '@interdict/logger';

const log = getLogger('DemoMail');
const KEEP = 100;

/** The demo's SMTP catcher: takes every mail sent to it and shows it on a small web page; nothing leaves the machine. */
export interface DemoMailCatcher {
  smtpPort: number;
  /** The page listing caught mail. */
  url: string;
  stop(): Promise<void>;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function listPage(mails: ParsedMail[]): string {
  const rows = mails
    .map(
      (m, i) =>
        `<tr><td>${esc(m.date?.toISOString() ?? '')}</td><td>${esc(
          m.to
            ? [m.to]
                .flat()
                .map((a) => a.text)
                .join(', ')
            : '',
        )}</td>` +
        `<td><a href="/m/${i + 1}">${esc(m.subject ?? '(no subject)')}</a></td><td>${m.attachments
          .map((a, j) => `<a href="/m/${i + 1}/a/${j + 1}">${esc(a.filename ?? 'attachment')}</a>`)
          .join(' ')}</td></tr>`,
    )
    .join('');
  return `<!doctype html><meta charset="utf-8"><title>Interdict demo mail</title>
<h1>Mail sent by the Interdict demo</h1><p>Caught here by the demo's SMTP server; nothing leaves this machine.</p>
<table border="1" cellpadding="4"><tr><th>Date (UTC)</th><th>To</th><th>Subject</th><th>Attachments</th></tr>${rows}</table>`;
}

/** One caught mail's page: headers as text, its HTML body in a sandboxed frame (no script, no remote content). */
function mailPage(m: ParsedMail, n: number): string {
  const head = [
    `From: ${m.from?.text ?? ''}`,
    `To: ${
      m.to
        ? [m.to]
            .flat()
            .map((a) => a.text)
            .join(', ')
        : ''
    }`,
    `Cc: ${
      m.cc
        ? [m.cc]
            .flat()
            .map((a) => a.text)
            .join(', ')
        : ''
    }`,
    `Subject: ${m.subject ?? ''}`,
    `Message-ID: ${m.messageId ?? ''}`,
  ].join('\n');
  return `<!doctype html><meta charset="utf-8"><title>${esc(m.subject ?? 'mail')}</title>
<p><a href="/">All mail</a></p><pre>${esc(head)}</pre>
<iframe sandbox src="/m/${n}/html" style="width:100%;height:70vh;border:1px solid #ccc"></iframe>`;
}

function route(
  mails: ParsedMail[],
  url: string,
): { type: string; body: string | Buffer; name?: string } | null {
  if (url === '/') return { type: 'text/html; charset=utf-8', body: listPage(mails) };
  const m = /^\/m\/(\d+)(\/html|\/a\/(\d+))?$/.exec(url);
  const mail = m ? mails[Number(m[1]) - 1] : undefined;
  if (!m || !mail) return null;
  if (!m[2]) return { type: 'text/html; charset=utf-8', body: mailPage(mail, Number(m[1])) };
  if (m[2] === '/html') return { type: 'text/html; charset=utf-8', body: mail.html || esc(mail.text ?? '') };
  const a = mail.attachments[Number(m[3]) - 1];
  return a ? { type: a.contentType, body: a.content, name: a.filename ?? 'attachment' } : null;
}

/** Starts the catcher's SMTP server and web page on 127.0.0.1, each on a free port. */
export async function startDemoMailCatcher(): Promise<DemoMailCatcher> {
  const mails: ParsedMail[] = [];
  let url = '';
  const smtp = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    size: 50 * 1024 * 1024,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          if (mails.length > KEEP) mails.shift();
          log.info(
            { subject: mail.subject, url: `${url}/m/${mails.length}` },
            'demo mail caught: open it at url',
          );
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const web: Server = createServer((req, res) => {
    const found = req.method === 'GET' ? route(mails, (req.url ?? '/').split('?')[0]) : null;
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': found.type,
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'",
      'x-content-type-options': 'nosniff',
      ...(found.name
        ? { 'content-disposition': `attachment; filename="${found.name.replace(/[^\w.-]/g, '_')}"` }
        : {}),
    });
    res.end(found.body);
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  return {
    smtpPort: (smtp.server.address() as AddressInfo).port,
    url,
    stop: async () => {
      await new Promise<void>((r) => smtp.close(() => r()));
      await new Promise<void>((r) => web.close(() => r()));
    },
  };
}
