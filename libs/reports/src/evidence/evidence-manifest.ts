import type { SyncRunBehindRow } from '../data/report.queries';
import type { ReportFilters, ReportFormat, ReportType } from '../report-definition';
import type { RuleDirectory } from '../rule-directory';
import { SIGNATURE_NAME, type PackFile } from './evidence-draft';

/** The manifest's format name and version; a verifier refuses others. */
export const MANIFEST_FORMAT = 'interdict-evidence-pack';
export const MANIFEST_VERSION = 1;

/** A rule in force (binding or review) when the report was made. */
export interface ManifestRule {
  id: string;
  title: string;
  citation: string;
  sourceUrl: string;
  kind: string;
  standing: 'binding' | 'review';
  why: string;
  effectiveFrom: string;
  remediationDays: number;
}

/** A sync run behind the data: the source's newest finished run at snapshot time. */
export interface ManifestSyncRun {
  id: string;
  sourceId: string;
  source: string;
  kind: string;
  trigger: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  devicesSeen: number;
  installationsSeen: number;
  devicesNew: number;
  devicesRemoved: number;
  installationsNew: number;
  installationsRemoved: number;
  requests: number;
}

/** manifest.json of an evidence pack (docs/evidence-pack.md). */
export interface EvidenceManifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: typeof MANIFEST_VERSION;
  report: {
    id: string;
    type: ReportType;
    format: ReportFormat;
    filters: ReportFilters;
    requestedBy: string;
    scheduleId: string | null;
  };
  /** The REPEATABLE READ snapshot every file was read from (libs/reports/src/data/report-snapshot.ts). */
  databaseSnapshotAt: string;
  generatedAt: string;
  organisation: { name: string; profile: string };
  catalogVersion: string;
  rules: ManifestRule[];
  syncRuns: ManifestSyncRun[];
  files: PackFile[];
  signature: {
    algorithm: 'Ed25519';
    keyId: string;
    file: typeof SIGNATURE_NAME;
    covers: 'manifest.json bytes';
  };
}

/** What the runner knows when it writes the manifest. */
export interface ManifestFacts {
  report: EvidenceManifest['report'];
  asOf: Date;
  generatedAt: Date;
  orgName: string;
  rules: RuleDirectory;
  syncRuns: SyncRunBehindRow[];
  files: PackFile[];
  keyId: string;
}

/** The manifest's exact bytes (pretty JSON, UTF-8, final newline): what the signature covers. */
export function manifestBytes(facts: ManifestFacts): Buffer {
  const policy = facts.rules.policy();
  const manifest: EvidenceManifest = {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_VERSION,
    report: facts.report,
    databaseSnapshotAt: facts.asOf.toISOString(),
    generatedAt: facts.generatedAt.toISOString(),
    organisation: { name: facts.orgName, profile: policy.profile },
    catalogVersion: policy.catalogVersion,
    rules: rulesInForce(facts.rules),
    syncRuns: facts.syncRuns.map(toManifestRun),
    files: facts.files,
    signature: {
      algorithm: 'Ed25519',
      keyId: facts.keyId,
      file: SIGNATURE_NAME,
      covers: 'manifest.json bytes',
    },
  };
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}

function rulesInForce(rules: RuleDirectory): ManifestRule[] {
  const out: ManifestRule[] = [];
  for (const id of rules.ruleIds()) {
    const r = rules.describeRule(id);
    if (!r || r.standing === 'off') continue;
    out.push({
      id,
      title: r.title,
      citation: r.citation,
      sourceUrl: r.sourceUrl,
      kind: r.kind,
      standing: r.standing,
      why: r.why,
      effectiveFrom: r.effectiveFrom.toISOString(),
      remediationDays: r.remediationDays,
    });
  }
  return out;
}

function toManifestRun(r: SyncRunBehindRow): ManifestSyncRun {
  return {
    id: r.id,
    sourceId: r.source_id,
    source: r.source_name,
    kind: r.source_kind,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    devicesSeen: r.devices_seen,
    installationsSeen: r.installations_seen,
    devicesNew: r.devices_new,
    devicesRemoved: r.devices_removed,
    installationsNew: r.installations_new,
    installationsRemoved: r.installations_removed,
    requests: r.requests,
  };
}
