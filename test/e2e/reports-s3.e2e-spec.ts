import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import * as XLSX from 'xlsx';
import { ExposureService } from '@interdict/exposure';
import {
  contentDisposition,
  EMPTY_RULE_DIRECTORY,
  ReportRetention,
  ReportRunner,
  S3ReportStorage,
  type S3ReportStorageOptions,
} from '@interdict/reports';
import { newDevice, newInstallation, newSoftware, newSource } from '@interdict/testing';
import { startTestS3, type TestS3 } from '../support/s3-server';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// Reports kept in an S3 bucket (s3rver on 127.0.0.1): the worker's ReportRunner writes the object, the api serves
// it — streamed, or by 302 to a presigned URL — and retention deletes it. Two api apps share the bucket, as an api
// and a worker on different hosts would.
describe('reports in S3 through the API', () => {
  let s3: TestS3;
  let lister: S3Client;
  let stream: ApiTestApp;
  let redirect: ApiTestApp;

  const s3Env = (over: Record<string, string>) => ({
    REPORTS_STORAGE: 's3',
    REPORTS_S3_BUCKET: s3.bucket,
    REPORTS_S3_ENDPOINT: s3.endpoint,
    REPORTS_S3_FORCE_PATH_STYLE: 'true',
    REPORTS_S3_ACCESS_KEY_ID: s3.accessKeyId,
    REPORTS_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    REPORTS_S3_ENDPOINT_ALLOWLIST: '127.0.0.1',
    ...over,
  });
  const listed = async () =>
    ((await lister.send(new ListObjectsV2Command({ Bucket: s3.bucket }))).Contents ?? []).map((o) => o.Key!);

  async function seedExposure(t: ApiTestApp): Promise<void> {
    const ds = t.db.dataSource;
    const sourceId = await newSource(ds, { kind: 'intune', name: 'Acme Intune' });
    const device = await newDevice(ds, { sourceId, externalId: 'd1', name: 'LAPTOP-1', serial: 'S1' });
    const title = await newSoftware(ds, { name: 'Kaspersky Free' });
    await newInstallation(ds, { deviceId: device, softwareId: title, version: '21.3' });
    await t.app.get(ExposureService).recompute();
  }

  async function makeReport(t: ApiTestApp, format: 'xlsx' | 'csv' = 'xlsx'): Promise<{ id: string }> {
    const created = await t.call('/api/v1/reports', {
      method: 'POST',
      as: 'analyst',
      json: { type: 'exposure', format },
    });
    expect(created.status).toBe(202);
    const report = (await created.json()) as { id: string };
    expect(await t.app.get(ReportRunner).runById(report.id)).toMatchObject({ status: 'succeeded' });
    return report;
  }

  beforeAll(async () => {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    s3 = await startTestS3(['reports-e2e']);
    lister = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    stream = await startApiTestApp(s3Env({ REPORTS_S3_PREFIX: 'stream/', REPORTS_KEEP_COUNT: '1' }));
    redirect = await startApiTestApp(
      s3Env({ REPORTS_S3_PREFIX: 'redirect/', REPORTS_S3_DOWNLOAD: 'redirect' }),
    );
    await seedExposure(stream);
    await seedExposure(redirect);
  });
  afterAll(async () => {
    await stream?.close();
    await redirect?.close();
    lister?.destroy();
    await s3?.stop();
  });

  it('writes the workbook into the bucket and streams it to a viewer with its name, type and length', async () => {
    const report = await makeReport(stream);
    const status = await (await stream.call(`/api/v1/reports/${report.id}`, { as: 'viewer' })).json();
    const key = (await listed()).find((k) => k.endsWith(`${report.id}.xlsx`));
    expect(key).toMatch(new RegExp(`^stream/\\d{4}-\\d{2}/${report.id}\\.xlsx$`));

    expect((await stream.call(`/api/v1/reports/${report.id}/download`, { as: null })).status).toBe(401);
    const res = await stream.call(`/api/v1/reports/${report.id}/download`, { as: 'viewer' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX_TYPE);
    expect(res.headers.get('content-disposition')).toBe(contentDisposition(status.fileName));
    expect(Number(res.headers.get('content-length'))).toBe(status.sizeBytes);
    const wb = XLSX.read(Buffer.from(await res.arrayBuffer()));
    expect(XLSX.utils.sheet_to_json(wb.Sheets['Exposed devices'])).toHaveLength(1);
  });

  it('deletes the object of a report that retention removes, and the download then says so', async () => {
    // keepCount 1: the next report's run removes every older on-demand report's file.
    const before = await listed();
    const older = before.filter((k) => k.startsWith('stream/'));
    expect(older.length).toBeGreaterThan(0);
    const newer = await makeReport(stream, 'csv');
    const after = (await listed()).filter((k) => k.startsWith('stream/'));
    expect(after).toEqual([expect.stringMatching(new RegExp(`/${newer.id}\\.csv$`))]);
    const oldId = /([0-9a-f-]{36})\.xlsx$/.exec(older[0])![1];
    const gone = await stream.call(`/api/v1/reports/${oldId}/download`, { as: 'viewer' });
    expect(gone.status).toBe(404);
    expect((await gone.json()).error.code).toBe('report_file_not_found');
  });

  it('redirects a viewer to a presigned URL that serves the file under its own name', async () => {
    const report = await makeReport(redirect);
    const status = await (await redirect.call(`/api/v1/reports/${report.id}`, { as: 'viewer' })).json();
    expect((await redirect.call(`/api/v1/reports/${report.id}/download`, { as: null })).status).toBe(401);
    const res = await redirect.call(`/api/v1/reports/${report.id}/download`, {
      as: 'viewer',
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const location = res.headers.get('location')!;
    expect(location.startsWith(`${s3.endpoint}/${s3.bucket}/redirect/`)).toBe(true);
    expect(location).toMatch(/X-Amz-Expires=300/);

    const file = await fetch(location);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(contentDisposition(status.fileName));
    expect(file.headers.get('content-type')).toBe(XLSX_TYPE);
    const body = Buffer.from(await file.arrayBuffer());
    expect(body.length).toBe(status.sizeBytes);
    expect(XLSX.utils.sheet_to_json(XLSX.read(body).Sheets['Exposed devices'])).toHaveLength(1);

    // A client that asks for JSON (the dashboard: its fetch cannot follow a redirect to the bucket's origin) is told
    // the URL instead, and opens it itself.
    const told = await redirect.call(`/api/v1/reports/${report.id}/download`, {
      as: 'viewer',
      headers: { accept: 'application/json' },
    });
    expect(told.status).toBe(200);
    const answer = (await told.json()) as { url: string; fileName: string };
    expect(answer.fileName).toBe(status.fileName);
    expect(answer.url.startsWith(`${s3.endpoint}/${s3.bucket}/redirect/`)).toBe(true);
    expect((await fetch(answer.url)).status).toBe(200);
  });

  it('still refuses a report that is not finished in redirect mode', async () => {
    const created = await (
      await redirect.call('/api/v1/reports', { method: 'POST', as: 'analyst', json: { type: 'exposure' } })
    ).json();
    const res = await redirect.call(`/api/v1/reports/${created.id}/download`, {
      as: 'viewer',
      redirect: 'manual',
    });
    expect(res.status).toBe(409);
    await redirect.app.get(ReportRunner).runById(created.id);
  });

  it.each<[string, () => Partial<S3ReportStorageOptions>, RegExp]>([
    [
      'the bucket is missing',
      () => ({ bucket: 'missing-bucket' }),
      /^S3 bucket "missing-bucket" at http:\/\/127\.0\.0\.1:\d+: could not store s3:\/\/missing-bucket\/failed\/.*: the bucket does not exist$/,
    ],
    [
      'access is denied',
      () => ({ credentials: { accessKeyId: 'WRONG', secretAccessKey: 'wrong-secret-value' } }),
      /^S3 bucket "reports-e2e" at http:\/\/127\.0\.0\.1:\d+: could not store s3:\/\/reports-e2e\/failed\/.*: access denied \(InvalidAccessKeyId\); check the credentials and the bucket policy$/,
    ],
    [
      'the endpoint is unreachable',
      () => ({ endpoint: 'http://127.0.0.1:9' }),
      /^S3 bucket "reports-e2e" at http:\/\/127\.0\.0\.1:9: could not store .*: the endpoint is unreachable \(ECONNREFUSED\)$/,
    ],
  ])(
    'marks the report failed, with a message naming bucket and endpoint, when %s',
    async (_what, over, message) => {
      const storage = new S3ReportStorage({
        bucket: s3.bucket,
        region: 'us-east-1',
        endpoint: s3.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
        prefix: 'failed/',
        maxAttempts: 2,
        ...over(),
      });
      const ds = stream.db.dataSource;
      const runner = new ReportRunner(
        ds,
        stream.config,
        storage,
        EMPTY_RULE_DIRECTORY,
        new ReportRetention(ds, stream.config, storage),
      );
      const created = await (
        await stream.call('/api/v1/reports', { method: 'POST', as: 'analyst', json: { type: 'exposure' } })
      ).json();
      expect(await runner.runById(created.id)).toMatchObject({ status: 'failed' });
      storage.close();
      const shown = await (await stream.call(`/api/v1/reports/${created.id}`, { as: 'viewer' })).json();
      expect(shown.status).toBe('failed');
      expect(shown.error).toMatch(message);
      expect(shown.error).not.toContain('wrong-secret-value');
      expect((await listed()).filter((k) => k.startsWith('failed/'))).toEqual([]);
      const download = await stream.call(`/api/v1/reports/${created.id}/download`, { as: 'viewer' });
      expect(download.status).toBe(409);
    },
  );
});
