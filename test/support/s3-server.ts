import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** One request the S3 server received: what the client sent, as the server saw it. */
export interface SeenS3Request {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** A real S3-compatible server (s3rver) on a free 127.0.0.1 port over a temporary directory. */
export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** s3rver's built-in credentials; any other key is refused with 403 InvalidAccessKeyId. */
  accessKeyId: string;
  secretAccessKey: string;
  /** Every request so far, oldest first (headers as received, so SSE and multipart calls can be checked). */
  requests: SeenS3Request[];
  stop(): Promise<void>;
}

/** Starts s3rver with `buckets` created, behind a listener of ours that records each request before s3rver sees it. */
export async function startTestS3(buckets: string[] = ['reports-test']): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'interdict-s3-'));
  const s3 = new S3rver({
    directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  await s3.configureBuckets();
  const handle = s3.callback();
  const requests: SeenS3Request[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers } });
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket: buckets[0],
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
