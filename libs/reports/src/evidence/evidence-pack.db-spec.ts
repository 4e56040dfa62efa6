import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { unzipSync, zipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { CatalogService, loadCatalog } from '@interdict/catalog';
import { loadConfig, type Config } from '@interdict/config';
import { ExposureService, SoftwareMatchingService } from '@interdict/exposure';
import {
  createTestDatabase,
  newDevice,
  newInstallation,
  newSoftware,
  newSource,
  type TestDatabase,
} from '@interdict/testing';
import { ReportRetention } from '../jobs/report-retention';
import { ReportRunner } from '../jobs/report-runner';
import { ReportService } from '../jobs/report.service';
import type { ReportView, Requester } from '../jobs/report-views';
import { catalogRuleDirectory, type RuleDirectory } from '../rule-directory';
import { LocalDiskReportStorage } from '../storage/local-disk-report-storage';
import type { EvidenceManifest } from './evidence-manifest';

const ROOT = join(__dirname, '..', '..', '..', '..');
const CLI = join(ROOT, 'dist', 'libs', 'reports', 'src', 'cli', 'verify-evidence.js');
const analyst: Requester = { type: 'api_key', id: 'k1', name: 'analyst-key' };
const DAY = 86_400_000;
const pem = (k: KeyObject, type: 'pkcs8' | 'spki') => k.export({ type, format: 'pem' }).toString();
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('evidence packs (real Postgres; read back with fflate, SheetJS, csv-parse and node:crypto)', () => {
  let db: TestDatabase;
  let dir: string;
  let config: Config;
  let rules: RuleDirectory;
  let storage: LocalDiskReportStorage;
  let service: ReportService;
  let runner: ReportRunner;
  const signing = generateKeyPairSync('ed25519');
  let publicKeyFile: string;
  const ids: Record<string, string> = {};

  const configFor = (env: Record<string, string>) =>
    loadConfig({
      env: { NODE_ENV: 'test', INTERDICT_ORG_NAME: 'Société Exemple', INTERDICT_DATA_DIR: dir, ...env },
      configDir: mkdtempSync(join(tmpdir(), 'interdict-noconfig-')),
    });
  const runnerWith = (c: Config) =>
    new ReportRunner(db.dataSource, c, storage, rules, new ReportRetention(db.dataSource, c, storage));

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'interdict-evidence-spec-'));
    config = configFor({ EVIDENCE_SIGNING_KEY: pem(signing.privateKey, 'pkcs8'), REPORTS_KEEP_COUNT: '2' });
    publicKeyFile = join(dir, 'evidence-public.pem');
    writeFileSync(publicKeyFile, pem(signing.publicKey, 'spki'));
    const catalog = new CatalogService(loadCatalog({ dir: join(ROOT, 'config', 'catalog') }), config.policy);
    rules = catalogRuleDirectory(catalog);
    storage = new LocalDiskReportStorage(join(dir, 'reports'));
    service = new ReportService(db.dataSource, storage);
    runner = runnerWith(config);
    await seed(db, ids);
    await new ExposureService(
      db.dataSource,
      catalog,
      new SoftwareMatchingService(db.dataSource, catalog),
    ).recompute();
  });

  afterAll(async () => {
    await db.drop();
  });

  async function runReport(input: {
    type: string;
    format?: string;
    evidence?: boolean;
  }): Promise<ReportView> {
    const queued = await service.request(input, analyst);
    const done = await runner.runById(queued.id);
    expect(done).toMatchObject({ id: queued.id, status: 'succeeded', error: null });
    return done!;
  }

  async function packOf(id: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of (await service.openEvidence(id)).body as Readable) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  function verifyCli(pack: Buffer | string, args: string[] = ['--public-key', publicKeyFile], env = {}) {
    const path = typeof pack === 'string' ? pack : join(mkdtempSync(join(tmpdir(), 'pack-')), 'pack.zip');
    if (typeof pack !== 'string') writeFileSync(path, pack);
    const r = spawnSync(process.execPath, [CLI, path, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'test', ...env },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }

  describe('an exposure workbook with its pack', () => {
    let report: ReportView;
    let pack: Buffer;
    let files: Record<string, Uint8Array>;
    let manifest: EvidenceManifest;

    beforeAll(async () => {
      report = await runReport({ type: 'exposure', evidence: true });
      pack = await packOf(report.id);
      files = unzipSync(pack);
      manifest = JSON.parse(Buffer.from(files['manifest.json']).toString('utf8')) as EvidenceManifest;
    });

    it('records the pack on the report: size and SHA-256 of the stored zip', () => {
      expect(report.evidence).toBe(true);
      expect(report.evidenceSizeBytes).toBe(pack.length);
      expect(report.evidenceSha256).toBe(sha256(pack));
    });

    it('announces the pack with report.ready: its path and the SHA-256 a receiver can check the download against', async () => {
      const [event] = await db.dataSource.query(
        `SELECT payload FROM webhook_event WHERE type = 'report.ready' AND payload->>'reportId' = $1`,
        [report.id],
      );
      expect(event.payload).toMatchObject({
        evidencePath: `/api/v1/reports/${report.id}/evidence`,
        evidenceSha256: sha256(pack),
      });
    });

    it('holds the workbook, a CSV per sheet and the manifest with its signature, and every hash matches', () => {
      expect(Object.keys(files).sort()).toEqual(
        [
          report.fileName!,
          'csv/summary.csv',
          'csv/exposed-devices.csv',
          'csv/evidence.csv',
          'csv/rules.csv',
          'csv/software.csv',
          'csv/coverage.csv',
          'csv/exceptions.csv',
          'manifest.json',
          'manifest.json.sig',
        ].sort(),
      );
      expect(manifest.files).toHaveLength(8);
      for (const f of manifest.files) {
        expect({ name: f.name, size: files[f.name].length, sha256: sha256(files[f.name]) }).toEqual({
          name: f.name,
          size: f.sizeBytes,
          sha256: f.sha256,
        });
      }
    });

    it('is signed over the exact manifest bytes with the configured key, which the manifest names', () => {
      const sig = Buffer.from(files['manifest.json.sig']);
      expect(verify(null, Buffer.from(files['manifest.json']), signing.publicKey, sig)).toBe(true);
      const other = generateKeyPairSync('ed25519').publicKey;
      expect(verify(null, Buffer.from(files['manifest.json']), other, sig)).toBe(false);
      const der = signing.publicKey.export({ type: 'spki', format: 'der' });
      expect(manifest.signature).toMatchObject({ algorithm: 'Ed25519', keyId: sha256(der) });
    });

    it('says what the data stood on: snapshot, profile, catalog, rules in force, the latest finished sync runs', () => {
      expect(manifest.report).toMatchObject({ id: report.id, type: 'exposure', format: 'xlsx' });
      const asOf = Date.parse(manifest.databaseSnapshotAt);
      expect(asOf).toBeGreaterThanOrEqual(Date.parse(report.startedAt!));
      expect(asOf).toBeLessThanOrEqual(Date.parse(report.finishedAt!));
      expect(manifest.organisation).toEqual({ name: 'Société Exemple', profile: rules.policy().profile });
      expect(manifest.catalogVersion).toBe(rules.policy().catalogVersion);
      const commerce = manifest.rules.find((r) => r.id === 'US-BIS-FD')!;
      expect(commerce).toMatchObject({
        standing: 'binding',
        citation: expect.stringContaining('89 FR 52434'),
      });
      expect(commerce.sourceUrl).toMatch(/^https:\/\//);
      expect(manifest.rules.every((r) => r.standing !== ('off' as string))).toBe(true);
      // Intune: the failed run that finished last, not the older success nor the one still running.
      expect(manifest.syncRuns.map((r) => [r.source, r.id, r.status])).toEqual(
        expect.arrayContaining([
          ['Contoso Intune', ids.intuneFailedRun, 'failed'],
          ['Contoso Jamf', ids.jamfRun, 'succeeded'],
        ]),
      );
      expect(manifest.syncRuns).toHaveLength(2);
      expect(manifest.syncRuns.find((r) => r.id === ids.jamfRun)).toMatchObject({
        kind: 'jamf',
        devicesSeen: 2,
        installationsSeen: 3,
        requests: 7,
      });
    });

    it('its CSVs hold the same rows as the workbook sheets, Summary included', () => {
      const wb = XLSX.read(files[report.fileName!]);
      expect(wb.SheetNames).toHaveLength(7);
      for (const name of wb.SheetNames) {
        const csvName = manifest.files.find((f) => f.sheet === name)!.name;
        const csv: string[][] = parse(Buffer.from(files[csvName]).toString('utf8'), {
          bom: true,
          relax_column_count: true,
        });
        const sheet = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[name], {
          header: 1,
          raw: true,
          blankrows: true,
          defval: null,
        });
        expect({ name, rows: sheet.length }).toEqual({ name, rows: csv.length });
        sheet.forEach((row, i) => expectSameRow(`${name} row ${i + 1}`, row, csv[i]));
      }
    });

    it('passes the verify CLI, which names the key it used', () => {
      const r = verifyCli(pack);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`public key ${manifest.signature.keyId}`);
      expect(r.out).toContain('VERIFIED');
    });

    it('passes the verify CLI with the configured key when no key file is given', () => {
      const r = verifyCli(pack, [], { EVIDENCE_SIGNING_KEY: pem(signing.privateKey, 'pkcs8') });
      expect(r.code).toBe(0);
      expect(r.out).toContain('from the configured evidence signing key');
    });

    it.each([
      ['one byte changed in a CSV', 'csv/exposed-devices.csv', 'SHA-256'],
      ['an edited manifest', 'manifest.json.sig', 'does not verify'],
      ['a signature by another key', 'manifest.json.sig', 'does not verify'],
      ['an extra file (a public key of its own)', 'public-key.pem', 'not listed in manifest.json'],
      ['a missing CSV', 'csv/rules.csv', 'missing from the pack'],
    ])('fails the verify CLI for %s, naming %s', (what, file, reason) => {
      const r = verifyCli(tampered(files, what));
      expect(r.code).toBe(1);
      expect(r.err).toContain(`FAILED: ${file}:`);
      expect(r.err).toContain(reason);
      expect(r.out).not.toContain('VERIFIED');
    });
  });

  it('gives a CSV report a pack of its one CSV and the manifest', async () => {
    const report = await runReport({ type: 'software', format: 'csv', evidence: true });
    const files = unzipSync(await packOf(report.id));
    expect(Object.keys(files).sort()).toEqual(
      [report.fileName!, 'manifest.json', 'manifest.json.sig'].sort(),
    );
    const stored = readFileSync(storage.locate(`${report.createdAt.slice(0, 7)}/${report.id}.csv`));
    expect(sha256(files[report.fileName!])).toBe(sha256(stored));
  });

  it('refuses the pack of a report that was not asked for one, saying so', async () => {
    const report = await runReport({ type: 'rules' });
    expect(report).toMatchObject({ evidence: false, evidenceSizeBytes: null });
    await expect(service.openEvidence(report.id)).rejects.toMatchObject({
      code: 'evidence_not_found',
      message: expect.stringContaining('not asked for one'),
    });
  });

  it('fails a report asking for a pack in production without a key, naming the setting', async () => {
    const prod = runnerWith(configFor({ NODE_ENV: 'production' }));
    const queued = await service.request({ type: 'rules', evidence: true }, analyst);
    const done = await prod.runById(queued.id);
    expect(done).toMatchObject({ status: 'failed', error: expect.stringContaining('EVIDENCE_SIGNING_KEY') });
    expect(existsSync(join(dir, 'evidence-signing.key'))).toBe(false);
  });

  it('retention removes the pack with the report file', async () => {
    const first = await runReport({ type: 'coverage', evidence: true });
    const packPath = storage.locate(`${first.createdAt.slice(0, 7)}/${first.id}.evidence.zip`);
    expect(existsSync(packPath)).toBe(true);
    await runReport({ type: 'coverage' });
    await runReport({ type: 'coverage' });
    await new ReportRetention(db.dataSource, config, storage).applyFor(null);
    expect(existsSync(packPath)).toBe(false);
    const after = await service.get(first.id);
    expect(after).toMatchObject({ evidence: true, evidenceSizeBytes: null, evidenceSha256: null });
    await expect(service.openEvidence(first.id)).rejects.toMatchObject({ code: 'evidence_not_found' });
  });
});

/** A workbook row (SheetJS, raw) and its CSV row say the same: text, numbers, yes/no, and dates to the second. */
function expectSameRow(where: string, sheet: unknown[], csv: string[]): void {
  const trim = <T>(r: T[], empty: (v: T) => boolean) => {
    const out = [...r];
    while (out.length && empty(out[out.length - 1])) out.pop();
    return out;
  };
  const s = trim(sheet, (v) => v === null || v === '');
  const c = trim(csv, (v) => v === '');
  expect({ where, width: s.length }).toEqual({ where, width: c.length });
  s.forEach((v, i) => {
    const text = c[i];
    if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(text)) {
      // exceljs writes a Date as an Excel serial day number (UTC)
      expect({ where, i, ms: Math.abs((v as number) * DAY - 25569 * DAY - Date.parse(text)) < 1000 }).toEqual(
        {
          where,
          i,
          ms: true,
        },
      );
    } else {
      expect({ where, i, v: v === null ? '' : String(v as string | number | boolean) }).toEqual({
        where,
        i,
        v: text,
      });
    }
  });
}

/** A copy of the pack with one thing wrong. */
function tampered(files: Record<string, Uint8Array>, what: string): Buffer {
  const copy: Record<string, Uint8Array> = { ...files };
  const manifestText = Buffer.from(files['manifest.json']).toString('utf8');
  switch (what) {
    case 'one byte changed in a CSV': {
      const csv = Buffer.from(files['csv/exposed-devices.csv']);
      csv[csv.length - 3] ^= 0x01;
      copy['csv/exposed-devices.csv'] = csv;
      break;
    }
    case 'an edited manifest':
      copy['manifest.json'] = Buffer.from(manifestText.replace('Société Exemple', 'Someone Else'));
      break;
    case 'a signature by another key':
      copy['manifest.json.sig'] = sign(
        null,
        Buffer.from(manifestText),
        generateKeyPairSync('ed25519').privateKey,
      );
      break;
    case 'an extra file (a public key of its own)':
      copy['public-key.pem'] = Buffer.from(pem(generateKeyPairSync('ed25519').publicKey, 'spki'));
      break;
    case 'a missing CSV':
      delete copy['csv/rules.csv'];
      break;
  }
  return Buffer.from(zipSync(copy));
}

/** Two sources with finished runs (and one still running), a Mac and a PC running banned products. */
async function seed(db: TestDatabase, ids: Record<string, string>): Promise<void> {
  const ds = db.dataSource;
  const intune = await newSource(ds, { name: 'Contoso Intune', kind: 'intune' });
  const jamf = await newSource(ds, { name: 'Contoso Jamf', kind: 'jamf' });
  const run = async (source: string, status: string, startedH: number, finishedH: number | null) => {
    const [r] = await ds.query<{ id: string }[]>(
      `INSERT INTO sync_run (source_id, status, started_at, finished_at, devices_seen, installations_seen, requests)
       VALUES ($1, $2, now() - make_interval(hours => $3), now() - make_interval(hours => $4), 2, 3, 7)
       RETURNING id`,
      [source, status, startedH, finishedH],
    );
    return r.id;
  };
  await run(intune, 'succeeded', 5, 4);
  ids.intuneFailedRun = await run(intune, 'failed', 3, 2);
  await ds.query(`INSERT INTO sync_run (source_id, status, started_at) VALUES ($1, 'running', now())`, [
    intune,
  ]);
  ids.jamfRun = await run(jamf, 'succeeded', 6, 5);
  const mac = await newDevice(ds, { sourceId: jamf, serial: 'C02XYZ', name: '=cmd|mac', platform: 'macos' });
  const pc = await newDevice(ds, { sourceId: intune, serial: 'PC1', name: 'PC-José', platform: 'windows' });
  const kis = await newSoftware(ds, { name: 'Kaspersky Internet Security', platform: 'macos' });
  const kes = await newSoftware(ds, {
    name: 'Kaspersky Endpoint Security for Windows',
    publisher: 'AO Kaspersky Lab',
  });
  await newInstallation(ds, { deviceId: mac, softwareId: kis, firstSeenAt: new Date(Date.now() - 40 * DAY) });
  await newInstallation(ds, { deviceId: pc, softwareId: kes, firstSeenAt: new Date(Date.now() - 3 * DAY) });
}
