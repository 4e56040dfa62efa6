import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';

/** What `reports.storage: s3` needs to use the demo's bucket (the REPORTS_S3_* settings), and how to stop it. */
export interface DemoS3 {
  endpoint: string;
  bucket: string;
  region: string;
  forcePathStyle: true;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

/** s3rver's one built-in account: it accepts no other credentials. */
const S3RVER_KEY = 'S3RVER';

/**
 * A local S3-compatible server (s3rver) on 127.0.0.1 keeping objects under `directory`, with `bucket` created:
 * report storage for the demo without a cloud account. Port 0 picks a free port. Loopback only; the outbound policy
 * allows 127.0.0.1 in the demo outside production.
 */
export async function startDemoS3(opts: {
  port: number;
  directory: string;
  bucket?: string;
}): Promise<DemoS3> {
  const bucket = opts.bucket ?? 'interdict-reports';
  mkdirSync(opts.directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: opts.port,
    directory: opts.directory,
    silent: true,
    // Path-style URLs only, so nothing depends on bucket.127.0.0.1 resolving.
    vhostBuckets: false,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region: 'us-east-1',
    forcePathStyle: true,
    accessKeyId: S3RVER_KEY,
    secretAccessKey: S3RVER_KEY,
    stop: () => server.close(),
  };
}
