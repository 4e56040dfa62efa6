import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable, Transform } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  S3Client,
  type ServerSideEncryption,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { contentDisposition } from '../content-disposition';
import { REPORT_CONTENT_TYPES } from '../report-definition';
import { ReportError } from '../reports.errors';
import type { DownloadFile, ReportStorage, StoredReport } from './report-storage';
import { checkStorageKey } from './storage-key';

/** How to reach the bucket and how to write to it. */
export interface S3ReportStorageOptions {
  bucket: string;
  region: string;
  /** An S3-compatible service (MinIO, Ceph, R2); unset = AWS S3. */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Put in front of every key (`interdict/`). */
  prefix?: string;
  /** Static credentials; unset = the SDK's default chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  sse?: 'none' | 'AES256' | 'aws:kms';
  kmsKeyId?: string;
  /** Multipart part size in bytes (S3's minimum is 5 MiB); memory holds about (queueSize + 1) parts. */
  partSizeBytes?: number;
  queueSize?: number;
  /** DNS lookup for every connection (the outbound policy's), so each address is checked before connecting. */
  lookup?: LookupFunction;
  /** Attempts per request, the first included (the SDK's retry of throttling, 5xx and network errors). */
  maxAttempts?: number;
}

const MIB = 1024 * 1024;

/**
 * Report files as objects in an S3-compatible bucket, so api and worker on different hosts share them. put() streams
 * a multipart upload with bounded parts; a failed upload is aborted, so a key shows either a whole file or nothing.
 */
export class S3ReportStorage implements ReportStorage {
  private readonly client: S3Client;
  private readonly prefix: string;
  /** The bucket and where it is, for error messages (never credentials). */
  private readonly where: string;

  constructor(private readonly opts: S3ReportStorageOptions) {
    silenceNodeVersionWarning();
    this.prefix = opts.prefix ?? '';
    this.where = `S3 bucket "${opts.bucket}" at ${opts.endpoint ? new URL(opts.endpoint).origin : `AWS S3 (${opts.region})`}`;
    const agent = { keepAlive: true, maxSockets: 32, lookup: opts.lookup };
    this.client = new S3Client({
      region: opts.region,
      endpoint: opts.endpoint,
      forcePathStyle: opts.forcePathStyle ?? false,
      credentials: opts.credentials,
      maxAttempts: opts.maxAttempts ?? 3,
      requestHandler: {
        httpAgent: new HttpAgent(agent),
        httpsAgent: new HttpsAgent(agent),
        connectionTimeout: 5_000,
        // Idle time on a socket; a download relayed to a slow client pauses reading, so this is generous.
        requestTimeout: 120_000,
      },
      // S3-compatible services differ in support for the SDK's default CRC32 checksum headers and trailers (R2 and
      // older MinIO/Ceph refuse them); AWS itself gets them.
      ...(opts.endpoint
        ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
        : {}),
    });
  }

  async put(key: string, body: Readable): Promise<{ sizeBytes: number }> {
    const objectKey = this.objectKey(key);
    let sizeBytes = 0;
    let bodyError: Error | undefined;
    body.once('error', (err: Error) => (bodyError ??= err));
    const counted = body.pipe(
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          sizeBytes += chunk.length;
          done(null, chunk);
        },
      }),
    );
    // pipe() does not pass errors on: fail the upload's input too, so lib-storage aborts the multipart upload.
    body.once('error', (err) => counted.destroy(err));
    body.once(
      'close',
      () => !body.readableEnded && counted.destroy(new Error('the report stream closed early')),
    );
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.opts.bucket,
        Key: objectKey,
        Body: counted,
        ContentType:
          (REPORT_CONTENT_TYPES as Record<string, string>)[key.split('.').pop() ?? ''] ??
          'application/octet-stream',
        ...this.encryption(),
      },
      partSize: this.opts.partSizeBytes ?? 8 * MIB,
      queueSize: this.opts.queueSize ?? 2,
      // Abort on failure: S3 shows no object until CompleteMultipartUpload, and the parts are discarded.
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (err) {
      // A failed input is the real cause; whatever the abort that followed said is secondary.
      if (bodyError !== undefined) throw bodyError;
      const failed = this.storageError(err, `could not store ${this.locate(key)}`);
      // Nobody reads the input any more: fail it, so a writer waiting for it to drain stops instead of hanging.
      body.destroy(failed);
      throw failed;
    }
    return { sizeBytes };
  }

  async get(key: string): Promise<StoredReport> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.objectKey(key) }),
      );
      if (!(out.Body instanceof Readable)) throw new Error('the object body is not a Node stream');
      return { body: out.Body, sizeBytes: out.ContentLength ?? 0 };
    } catch (err) {
      if (errorName(err) === 'NoSuchKey' || (statusOf(err) === 404 && errorName(err) !== 'NoSuchBucket')) {
        throw new ReportError('report_file_not_found', `The report file "${key}" is no longer in storage`);
      }
      throw this.storageError(err, `could not read ${this.locate(key)}`);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      // S3 answers 204 for a key that is not there, so deleting twice is fine.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: this.objectKey(key) }));
    } catch (err) {
      throw this.storageError(err, `could not delete ${this.locate(key)}`);
    }
  }

  /** `s3://bucket/prefix/key`. */
  locate(key: string): string {
    return `s3://${this.opts.bucket}/${this.objectKey(key)}`;
  }

  /** A presigned GET whose response carries the file name and type, so the browser saves the right file. */
  async downloadUrl(key: string, file: DownloadFile, expiresSeconds: number): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.opts.bucket,
      Key: this.objectKey(key),
      ResponseContentDisposition: contentDisposition(file.fileName),
      ResponseContentType: file.contentType,
    });
    return getSignedUrl(this.client, command, { expiresIn: expiresSeconds });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.client.destroy();
  }

  /** Nest calls this at shutdown when the store is the module's (reports.module.ts). */
  onApplicationShutdown(): void {
    this.close();
  }

  private objectKey(key: string): string {
    return this.prefix + checkStorageKey(key);
  }

  private encryption(): { ServerSideEncryption?: ServerSideEncryption; SSEKMSKeyId?: string } {
    switch (this.opts.sse ?? 'none') {
      case 'none':
        return {};
      case 'AES256':
        return { ServerSideEncryption: 'AES256' };
      case 'aws:kms':
        return {
          ServerSideEncryption: 'aws:kms',
          ...(this.opts.kmsKeyId ? { SSEKMSKeyId: this.opts.kmsKeyId } : {}),
        };
    }
  }

  /** A ReportError naming the bucket and endpoint and what went wrong, without the service's raw text. */
  private storageError(err: unknown, doing: string): ReportError {
    return new ReportError('storage_unavailable', `${this.where}: ${doing}: ${describeFailure(err)}`);
  }
}

/** What a failed S3 call means for an operator; codes and statuses only (service messages may echo request parts). */
function describeFailure(err: unknown): string {
  const name = errorName(err);
  const status = statusOf(err);
  // The code, else from the text: the SDK turns an error from another realm (a Jest sandbox) into a message only.
  const code =
    (err as { code?: string } | null)?.code ??
    NETWORK_CODES.exec(err instanceof Error ? err.message : String(err))?.[1];
  if (name === 'OutboundError') return (err as Error).message;
  if (name === 'NoSuchBucket') return 'the bucket does not exist';
  if (
    status === 403 ||
    ['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken'].includes(name) ||
    name === 'CredentialsProviderError'
  )
    return `access denied (${name}); check the credentials and the bucket policy`;
  if (code && NETWORK_CODES.test(code)) return `the endpoint is unreachable (${code})`;
  if (name === 'TimeoutError') return 'the endpoint did not answer in time';
  if (status) return `the service answered ${status} ${name}`;
  return err instanceof Error ? err.message : String(err);
}

const NETWORK_CODES = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)\b/;

function errorName(err: unknown): string {
  return (err as { name?: string } | null)?.name ?? '';
}

function statusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

/**
 * The SDK warns once per process on Node < 22 about its own future support policy; Node 20 is what package.json's
 * engines promise, so the warning only clutters logs. The variable is the SDK's documented switch; an explicit
 * setting by the operator wins.
 */
function silenceNodeVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
