import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogService } from '@interdict/catalog';
import { loadConfig, type Config } from '@interdict/config';
import { createConnector } from '@interdict/connectors';
import { ExposureService, SoftwareMatchingService } from '@interdict/exposure';
import { SourcesService, SyncHooks, SyncService } from '@interdict/inventory';
import {
  BANNED_TITLES,
  corpusTitle,
  loadCorpus,
  startSimulator,
  type CorpusEntry,
  type RunningSimulator,
} from '@interdict/mdm-simulator';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { outboundPolicyFromConfig } from '@interdict/outbound';
import {
  indistinguishable,
  noisyVariants,
  positiveNames,
  rates,
  table,
  tally,
  type Outcome,
} from '../support/corpus-accuracy';

// The labelled real-world corpus (test/fixtures/corpus, or CORPUS_DIR for another one) served by the MDM simulator,
// one device per title, synced by the production connectors (Intune export CSV and detectedApps, Jamf computers
// and mobile devices) into Postgres, matched by the production matcher, and turned into exposures by the production
// recompute. Precision and recall are printed per product × platform × source; CORPUS_REPORT=path also writes them.
const ROOT = join(__dirname, '..', '..');
const CORPUS_DIR = process.env.CORPUS_DIR ?? join(ROOT, 'test', 'fixtures', 'corpus');

interface Pipeline {
  db: TestDatabase;
  sim: RunningSimulator;
  config: Config;
  sync: SyncService;
  sources: SourcesService;
  exposure: ExposureService;
  close(): Promise<void>;
}

async function pipeline(sim: RunningSimulator): Promise<Pipeline> {
  const db = await createTestDatabase();
  const config = loadConfig({
    configDir: '/nonexistent',
    env: {
      DATABASE_URL: db.url,
      INTERDICT_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      SOURCES_ALLOWLIST: '127.0.0.1',
    },
  });
  const ds = db.dataSource;
  const sources = new SourcesService(ds, config);
  const sync = new SyncService(ds, sources, new SyncHooks(), config, (s) =>
    createConnector(s.kind, s.settings, s.secret, {
      sourceName: s.name,
      policy: outboundPolicyFromConfig(config, 'sources'),
    }),
  );
  const catalog = loadCatalogService({
    catalog: { ...config.catalog, dir: join(ROOT, 'config', 'catalog') },
    policy: config.policy,
  });
  const exposure = new ExposureService(ds, catalog, new SoftwareMatchingService(ds, catalog));
  return { db, sim, config, sync, sources, exposure, close: () => db.drop() };
}

/** Creates the sources production would have for the simulator and syncs each once; returns their ids by name. */
async function syncAll(p: Pipeline, only?: readonly string[]): Promise<Record<string, string>> {
  const { sim } = p;
  const intune = (strategy: string) => ({
    tenantId: sim.intune.tenantId,
    clientId: sim.intune.clientId,
    loginBaseUrl: sim.intune.loginBaseUrl,
    graphBaseUrl: sim.intune.graphBaseUrl,
    caCertPem: sim.caCertPem,
    strategy,
    exportPollIntervalMs: 20,
  });
  const defs = [
    {
      name: 'intune-export',
      kind: 'intune' as const,
      settings: intune('export'),
      secret: sim.intune.clientSecret,
    },
    {
      name: 'intune-detectedApps',
      kind: 'intune' as const,
      settings: intune('perDevice'),
      secret: sim.intune.clientSecret,
    },
    {
      name: 'jamf',
      kind: 'jamf' as const,
      settings: { baseUrl: sim.jamf.baseUrl, clientId: sim.jamf.clientId, caCertPem: sim.caCertPem },
      secret: sim.jamf.clientSecret,
    },
  ];
  const ids: Record<string, string> = {};
  for (const d of defs.filter((x) => !only || only.includes(x.name))) {
    const source = await p.sources.create(d);
    const run = await p.sync.syncSource(source.id);
    if (run.status !== 'succeeded')
      throw new Error(`sync of ${d.name} ${run.status}: ${JSON.stringify(run)}`);
    ids[d.name] = source.id;
  }
  return ids;
}

interface RecordRow {
  source: string;
  device: string;
  platform: string;
  titles: string[];
  matched: string[];
  exposed: string[];
}

/** Per source record: its titles, the products its titles matched, and the exposures it is evidence of. */
async function records(p: Pipeline): Promise<RecordRow[]> {
  return p.db.dataSource.query(`
    SELECT s.name AS source, d.name AS device, d.platform,
           coalesce((SELECT array_agg(sw.name ORDER BY sw.name) FROM installation i JOIN software sw ON sw.id = i.software_id
                      WHERE i.device_id = d.id AND i.removed_at IS NULL), '{}') AS titles,
           coalesce((SELECT array_agg(DISTINCT m.product_id) FROM installation i
                       JOIN software_match m ON m.software_id = i.software_id
                      WHERE i.device_id = d.id AND i.removed_at IS NULL), '{}') AS matched,
           coalesce((SELECT array_agg(DISTINCT e.product_id) FROM exposure_evidence x JOIN exposure e ON e.id = x.exposure_id
                      WHERE x.device_id = d.id AND e.status <> 'resolved'), '{}') AS exposed
      FROM device d JOIN source s ON s.id = d.source_id
     WHERE d.removed_at IS NULL`);
}

const sourceLabel = (r: RecordRow) =>
  r.source === 'jamf' ? (r.platform === 'macos' ? 'jamf-computer' : 'jamf-mobile') : r.source;

describe('catalog accuracy on the real-world corpus, through the connectors', () => {
  const corpus = loadCorpus(CORPUS_DIR);
  const entries: CorpusEntry[] = [...corpus, ...noisyVariants(corpus)];
  let p: Pipeline;
  let outcomes: Outcome[] = [];
  let ambiguous: Outcome[] = [];
  let rows: RecordRow[] = [];

  beforeAll(async () => {
    const sim = await startSimulator({ seed: 5, devices: 1, corpus: entries, port: 0 });
    p = await pipeline(sim);
    await syncAll(p);
    await p.exposure.recompute();
    rows = await records(p);
    const names = positiveNames(entries.filter((e) => e.klass === 'positive'));
    const all = rows.map((r): Outcome => {
      const n = /^CORPUS-(\d+)$/.exec(r.device);
      if (!n) throw new Error(`device ${r.device} is not a corpus device`);
      return {
        entry: entries[Number(n[1])],
        source: sourceLabel(r),
        title: r.titles.join(' | '),
        predicted: r.matched,
      };
    });
    // What Intune shows of a title: name and (not on Apple platforms) publisher, never an id.
    const shownBy = (o: Outcome) => {
      const t = corpusTitle(o.entry);
      return o.source.startsWith('intune') ? { ...t, bundleId: '' } : { ...t, publisher: '' };
    };
    ambiguous = all.filter((o) => o.entry.klass !== 'positive' && indistinguishable(shownBy(o), names));
    outcomes = all.filter((o) => !ambiguous.includes(o));
    const byCell = tally(outcomes, (o, product) => `${product} · ${o.entry.platform} · ${o.source}`);
    const bySource = tally(outcomes, (o) => o.source);
    const byPlatform = tally(outcomes, (o) => o.entry.platform);
    const base = outcomes.filter((o) => !o.entry.at.includes('('));
    const count = (k: CorpusEntry['klass']) => corpus.filter((e) => e.klass === k).length;
    const wrong = outcomes
      .filter((o) => o.predicted.join() !== o.entry.expected)
      .map(
        (o) =>
          `- ${o.entry.at} ${o.source}: "${o.title}" expected ${o.entry.expected || '—'}, got ${o.predicted.join(', ') || '—'}`,
      );
    const report = [
      `## Corpus accuracy (${corpus.length} entries: ${count('positive')} positive, ${count('hard_negative')} hard negative, ${count('negative')} negative; ${entries.length - corpus.length} noisy variants; ${outcomes.length} source records, ${base.length} of them plain)`,
      '',
      table('By source', bySource),
      table('By platform', byPlatform),
      table('By product × platform × source', byCell),
      wrong.length ? `### Wrong\n${wrong.join('\n')}\n` : '### Wrong\nnone\n',
      `### Indistinguishable on their source (left out: shown exactly as a product, nothing to tell them apart)`,
      ...ambiguous.map((o) => `- ${o.entry.at} ${o.source}: "${o.title}" → ${o.predicted.join(', ') || '—'}`),
      '',
    ].join('\n');
    process.stdout.write(`${report}\n`);
    if (process.env.CORPUS_REPORT) writeFileSync(process.env.CORPUS_REPORT, report);
  }, 600_000);
  afterAll(async () => {
    await p?.close();
    await p?.sim.close();
  });

  it('is a real corpus: ≥ 1,000 entries, ≥ 400 hard negatives, each saying where it was seen', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(1000);
    expect(corpus.filter((e) => e.klass === 'hard_negative').length).toBeGreaterThanOrEqual(400);
    expect(corpus.filter((e) => !/^(https?:\/\/|github:)\S+/.test(e.seenAt)).map((e) => e.at)).toEqual([]);
  });

  it('delivers every title through every path of its platform', () => {
    const paths: Record<string, string[]> = {
      windows: ['intune-detectedApps', 'intune-export'],
      macOS: ['intune-detectedApps', 'intune-export', 'jamf-computer'],
      iOS: ['intune-detectedApps', 'intune-export', 'jamf-mobile'],
      android: ['intune-detectedApps', 'intune-export'],
    };
    const seen = new Map<CorpusEntry, string[]>();
    for (const o of [...outcomes, ...ambiguous])
      seen.set(o.entry, [...(seen.get(o.entry) ?? []), o.source].sort());
    const missing = entries.filter((e) => seen.get(e)?.join() !== paths[e.platform].join()).map((e) => e.at);
    expect(missing).toEqual([]);
    expect(outcomes.every((o) => o.title !== '')).toBe(true);
  });

  it('flags no title it should not: 100 % precision on every source', () => {
    const fps = outcomes.filter((o) => o.predicted.some((p) => p !== o.entry.expected));
    expect(fps.map((o) => `${o.entry.at} ${o.source} "${o.title}" → ${o.predicted.join(', ')}`)).toEqual([]);
  });

  it('finds ≥ 99 % of the banned titles on every source and platform, noise included', () => {
    const low = [...tally(outcomes, (o) => `${o.entry.platform} · ${o.source}`)]
      .map(([k, t]) => ({ k, ...rates(t) }))
      .filter((r) => r.recall < 0.99)
      .map((r) => `${r.k}: ${(100 * r.recall).toFixed(1)} %`);
    expect(low).toEqual([]);
  });

  it('opens exposures exactly for the matched products (every product has a rule under the default profile)', () => {
    const differ = rows.filter((r) => [...r.matched].sort().join() !== [...r.exposed].sort().join());
    expect(
      differ.map((r) => `${r.device} ${r.source}: matched ${r.matched.join()} exposed ${r.exposed.join()}`),
    ).toEqual([]);
  });
});

describe('exposure on the generated fleet, device by device, against the simulator ground truth', () => {
  let p: Pipeline;
  beforeAll(async () => {
    const sim = await startSimulator({ seed: 7, devices: 2000, port: 0, bannedPrevalence: 0.05 });
    p = await pipeline(sim);
    // One Intune source: two would report each Android phone without a serial as two physical devices.
    await syncAll(p, ['intune-export', 'jamf']);
    await p.exposure.recompute();
  }, 600_000);
  afterAll(async () => {
    await p?.close();
    await p?.sim.close();
  });

  it('opens one exposure per physical device and planted product, and none for lookalikes', async () => {
    const truth = p.sim.control.groundTruth().plantings;
    const keys: { source: string; external_id: string; physical_key: string }[] = await p.db.dataSource.query(
      `SELECT s.kind AS source, d.external_id, d.physical_key FROM device d JOIN source s ON s.id = d.source_id`,
    );
    // Jamf ids are per collection (computer:<id>, mobile:<id>); ground truth says which collection.
    const physical = new Map(keys.map((k) => [`${k.source}|${k.external_id}`, k.physical_key]));
    const recordOf = (t: (typeof truth)[number]) =>
      t.source === 'intune'
        ? `intune|${t.deviceId}`
        : `jamf|${t.deviceKind === 'computer' ? 'computer' : 'mobile'}:${t.deviceId}`;
    const expected = new Set<string>();
    for (const t of truth) {
      if (t.productId === 'lookalike') continue;
      const key = physical.get(recordOf(t));
      if (!key) throw new Error(`planted device ${t.source} ${t.deviceId} was not synced`);
      expected.add(`${key} ${t.productId}`);
    }
    const actual: { k: string; n: number }[] = await p.db.dataSource.query(
      `SELECT physical_key || ' ' || product_id AS k, count(*)::int AS n FROM exposure WHERE status <> 'resolved' GROUP BY 1`,
    );
    expect(actual.filter((a) => a.n > 1)).toEqual([]);
    // A lookalike Intune shows exactly as a product (same name, no publisher, no id) may be flagged there.
    const names = positiveNames(BANNED_TITLES);
    const excusable = new Set(
      truth
        .filter((t) => t.productId === 'lookalike' && indistinguishable(t, names))
        .map((t) => physical.get(recordOf(t))),
    );
    const got = new Set(actual.map((a) => a.k));
    expect({
      missed: [...expected].filter((k) => !got.has(k)),
      extra: [...got].filter((k) => !expected.has(k) && !excusable.has(k.split(' ')[0])),
    }).toEqual({ missed: [], extra: [] });
    expect(expected.size).toBeGreaterThan(100);
    const shared = truth
      .filter((t) => t.source === 'jamf' && t.deviceKind === 'computer')
      .map((t) => t.serialNumber);
    const both = truth.filter((t) => t.source === 'intune' && shared.includes(t.serialNumber));
    // Macs both sources report carry both spellings of one title: still one exposure each.
    expect(both.length).toBeGreaterThan(0);
  });
});
