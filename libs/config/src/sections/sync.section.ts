import { bool, hostOrCidr, int, list } from '../parsers';
import type { SettingReader } from '../setting-reader';

/** One source declared in `config/*.yaml` (GitOps): upserted at worker start and marked `declared_in = 'config'`. */
export interface DeclaredSource {
  name: string;
  kind: 'intune' | 'jamf';
  enabled: boolean;
  /** Cron in UTC (5 or 6 fields); null = manual syncs only. */
  schedule: string | null;
  settings: Record<string, unknown>;
  /** The client secret, read from the env var the entry names (`clientSecretEnv`); never written in YAML. */
  clientSecret: string | null;
}

const ENTRY_KEYS = ['name', 'kind', 'enabled', 'schedule', 'settings', 'clientSecretEnv'];

export function readSync(r: SettingReader) {
  return {
    /** This worker fires source schedules and runs sync jobs. */
    enabled: r.read('sync.enabled', bool, { env: 'SYNC_ENABLED', default: true }),
    /** How often the worker re-reads the source table (schedule changes) and looks for queued sync jobs. */
    pollIntervalMs: r.read('sync.pollIntervalMs', int(100, 600_000), {
      env: 'SYNC_POLL_INTERVAL_MS',
      default: 5_000,
    }),
    /** A running sync renews its lease this often ×3; a run whose lease lapses is marked failed. */
    leaseMs: r.read('sync.leaseMs', int(1_000, 3_600_000), { env: 'SYNC_LEASE_MS', default: 60_000 }),
    /** Sources this worker syncs at the same time (each on its own connection). */
    maxConcurrent: r.read('sync.maxConcurrent', int(1, 32), { env: 'SYNC_MAX_CONCURRENT', default: 2 }),
    /** Staged installations buffered in memory before one COPY round trip (bounds worker memory). */
    flushRows: r.read('sync.flushRows', int(1_000, 1_000_000), { env: 'SYNC_FLUSH_ROWS', default: 50_000 }),
    /** work_mem for the diff transaction (hash joins over millions of staged rows). */
    workMemMb: r.read('sync.workMemMb', int(4, 4_096), { env: 'SYNC_WORK_MEM_MB', default: 256 }),
    /**
     * Hosts or CIDRs that MDM source URLs (Jamf baseUrl, Intune loginBaseUrl/graphBaseUrl) may reach although they
     * are private, loopback or link-local: an on-premises Jamf Pro, say. Same format as webhooks.allowlist.
     */
    sourceAllowlist: r.read('sync.sourceAllowlist', list(hostOrCidr), {
      env: 'SOURCES_ALLOWLIST',
      default: [],
    }),
    /** Sources declared in YAML. */
    sources: readDeclaredSources(r),
  };
}

// Long because it validates each declared source field by field, each message naming the entry.
function readDeclaredSources(r: SettingReader): DeclaredSource[] {
  const tree = r.readTree('sources');
  if (tree === undefined || tree === null) return [];
  if (!Array.isArray(tree)) {
    r.problem('sources must be a list of sources (- name: …, kind: intune|jamf, settings: {…})');
    return [];
  }
  const out: DeclaredSource[] = [];
  const names = new Set<string>();
  tree.forEach((raw: unknown, i) => {
    const at = `sources[${i}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      r.problem(`${at} must be a mapping with name, kind and settings`);
      return;
    }
    const e = raw as Record<string, unknown>;
    let isBad = false;
    const problem = (field: string, must: string) => {
      isBad = true;
      r.problem(`${at}.${field} ${must}`);
    };
    for (const k of Object.keys(e)) if (!ENTRY_KEYS.includes(k)) problem(k, 'is not a known source field');
    const name = typeof e.name === 'string' ? e.name.trim() : '';
    if (!name || name.length > 200) problem('name', 'must be a text of 1 to 200 characters');
    else if (names.has(name)) problem('name', `"${name}" is declared twice`);
    if (e.kind !== 'intune' && e.kind !== 'jamf') problem('kind', 'must be one of intune, jamf');
    if (e.enabled !== undefined && typeof e.enabled !== 'boolean')
      problem('enabled', 'must be true or false');
    const schedule = e.schedule === undefined || e.schedule === null ? null : e.schedule;
    if (schedule !== null && (typeof schedule !== 'string' || !/^\S+( \S+){4,5}$/.test(schedule.trim())))
      problem('schedule', 'must be a cron expression of 5 or 6 fields (UTC)');
    const settings = e.settings ?? {};
    if (settings === null || typeof settings !== 'object' || Array.isArray(settings))
      problem('settings', 'must be a mapping');
    let clientSecret: string | null = null;
    if (e.clientSecretEnv !== undefined) {
      if (typeof e.clientSecretEnv !== 'string' || !/^[A-Z_][A-Z0-9_]*$/.test(e.clientSecretEnv)) {
        problem('clientSecretEnv', 'must name an environment variable (e.g. INTUNE_CLIENT_SECRET)');
      } else {
        clientSecret =
          r.read<string>(`${at}.clientSecret`, (v) => ({ value: String(v) }), {
            env: e.clientSecretEnv,
            secret: true,
          }) ?? null;
        if (clientSecret === null)
          problem('clientSecretEnv', `names ${e.clientSecretEnv}, which is not set in the environment`);
      }
    }
    if (isBad) return;
    names.add(name);
    out.push({
      name,
      kind: e.kind as 'intune' | 'jamf',
      enabled: e.enabled !== false,
      schedule: typeof schedule === 'string' ? schedule.trim() : null,
      settings: settings as Record<string, unknown>,
      clientSecret,
    });
  });
  return out;
}
