import { request, type Agent } from 'node:https';

/** A raw HTTPS answer: status, headers and the whole body, for protocol-level assertions. */
export interface HttpsReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request over the given agent (which trusts the simulator's CA), body read to the end. */
export function httpsCall(
  agent: Agent,
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<HttpsReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
