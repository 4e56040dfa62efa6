import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { readSyncRunsBehind } from '../data/report.queries';
import type { ReportSnapshot } from '../data/report-snapshot';
import type { ReportRow } from '../jobs/report-views';
import { renderReport, type RenderContext } from '../render/render-report';
import type { ReportStorage } from '../storage/report-storage';
import { EvidenceDraft } from './evidence-draft';
import type { EvidenceSigningKey } from './evidence-key';
import { manifestBytes } from './evidence-manifest';

/** A stored evidence pack as the report row records it. */
export interface StoredPack {
  storageKey: string;
  sizeBytes: number;
  sha256: string;
}

/** What renderWithEvidencePack needs besides the snapshot. */
export interface EvidencePackJob {
  report: ReportRow;
  fileName: string;
  storageKey: string;
  packKey: string;
  storage: ReportStorage;
  signer: EvidenceSigningKey;
  /** The render context of the report itself; the pack adds its sheet copies. */
  ctx: RenderContext;
}

/**
 * Renders the report once from the snapshot into a temporary file while copying each sheet to a CSV (all hashed
 * as written), stores the report file, then stores the zip with the signed manifest. Everything in the pack comes
 * from that one snapshot, so it is what the database held at `snap.asOf`. The caller closes the snapshot.
 */
export async function renderWithEvidencePack(
  snap: ReportSnapshot,
  job: EvidencePackJob,
): Promise<{ rowCount: number; sizeBytes: number; pack: StoredPack }> {
  const draft = await EvidenceDraft.open();
  try {
    const syncRuns = await readSyncRunsBehind(snap);
    const { report } = job;
    const reportFile = draft.addFile(job.fileName, report.format === 'xlsx' ? 'workbook' : 'report');
    let rowCount: number;
    try {
      // A CSV report is its one table already; a workbook gets a CSV copy of each sheet.
      const copies = report.format === 'xlsx' ? draft.sheetCopies({ bom: job.ctx.csvBom }) : undefined;
      rowCount = await renderReport(
        snap,
        { type: report.report_type, format: report.format, filters: report.filters },
        { ...job.ctx, copies },
        reportFile.out,
      );
      reportFile.out.end();
      await reportFile.closed;
    } catch (err) {
      reportFile.out.destroy(err as Error);
      throw err;
    }
    const { sizeBytes } = await job.storage.put(job.storageKey, draft.read(job.fileName));
    const manifest = manifestBytes({
      report: {
        id: report.id,
        type: report.report_type,
        format: report.format,
        filters: report.filters,
        requestedBy: report.requested_by,
        scheduleId: report.schedule_id,
      },
      asOf: snap.asOf,
      generatedAt: new Date(),
      orgName: job.ctx.orgName,
      rules: job.ctx.rules,
      syncRuns,
      files: draft.listFiles(),
      keyId: job.signer.keyId,
    });
    const pack = await storeHashed(
      job.storage,
      job.packKey,
      draft.zip(manifest, job.signer.sign(manifest), snap.asOf),
    );
    return { rowCount, sizeBytes, pack };
  } finally {
    await draft.discard();
  }
}

/** Stores a stream and returns its SHA-256, computed on the way. */
async function storeHashed(storage: ReportStorage, key: string, body: Readable): Promise<StoredPack> {
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  body.on('error', (err) => hashing.destroy(err));
  const { sizeBytes } = await storage.put(key, body.pipe(hashing));
  return { storageKey: key, sizeBytes, sha256: hash.digest('hex') };
}
