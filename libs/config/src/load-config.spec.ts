import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { ConfigError } from './config.errors';
import { loadConfig } from './load-config';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'interdict-config-'));
const dirWith = (files: Record<string, string>) => {
  const dir = emptyDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};
const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('uses the defaults when nothing is configured', () => {
    const config = loadConfig({ env: {}, configDir: emptyDir() });
    expect(config.http.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.log.level).toBe('info');
  });

  it('lets the environment override YAML', () => {
    const dir = dirWith({ 'interdict.yaml': 'http:\n  port: 4000\n' });
    expect(loadConfig({ env: {}, configDir: dir }).http.port).toBe(4000);
    expect(loadConfig({ env: { API_PORT: '5000' }, configDir: dir }).http.port).toBe(5000);
  });

  it('names the key, the problem, the value and the env var of a bad value', () => {
    expect(problemsOf(() => loadConfig({ env: { API_PORT: 'eighty' }, configDir: emptyDir() }))).toEqual([
      'config: http.port must be a TCP port number between 0 and 65535 (0 = any free port) (got "eighty") — from API_PORT',
    ]);
  });

  it('accepts a stale window of years, and says the bound of one that is out of range', () => {
    expect(
      loadConfig({ env: { EXPOSURE_STALE_AFTER_DAYS: '730' }, configDir: emptyDir() }).exposure
        .staleAfterDays,
    ).toBe(730);
    expect(
      problemsOf(() => loadConfig({ env: { EXPOSURE_STALE_AFTER_DAYS: '14000' }, configDir: emptyDir() })),
    ).toEqual([expect.stringContaining('exposure.staleAfterDays must be a whole number between 1 and 3650')]);
  });

  it('names the file of a bad YAML value', () => {
    const dir = dirWith({ 'interdict.yaml': 'database:\n  poolSize: lots\n' });
    expect(problemsOf(() => loadConfig({ env: {}, configDir: dir }))).toEqual([
      'config: database.poolSize must be a whole number between 1 and 200 (got "lots") — from interdict.yaml'.replace(
        'interdict.yaml',
        join(dir, 'interdict.yaml'),
      ),
    ]);
  });

  it('defaults the organisation profile to a private US business', () => {
    expect(loadConfig({ env: {}, configDir: emptyDir() }).policy).toEqual({
      jurisdictions: ['US'],
      sectors: [],
      enableRules: [],
      disableRules: [],
    });
  });

  it('stops with one line naming an unknown jurisdiction or sector of the profile', () => {
    const dir = dirWith({ 'interdict.yaml': 'policy:\n  jurisdictions: [US, Texas]\n' });
    expect(problemsOf(() => loadConfig({ env: {}, configDir: dir }))).toEqual([
      `config: policy.jurisdictions item 2 is not a known jurisdiction (got "Texas"; use ISO 3166 codes such as US, DE, IT or US states such as US-TX) (got ["US","Texas"]) — from ${join(dir, 'interdict.yaml')}`,
    ]);
    expect(
      problemsOf(() =>
        loadConfig({ env: { POLICY_SECTORS: 'federal-contractor,bank' }, configDir: emptyDir() }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^config: policy\.sectors item 2 is not a known sector \(got "bank"; use federal-agency, .*\) — from POLICY_SECTORS$/,
      ),
    ]);
  });

  it('says where the retired catalog.disabledRules went', () => {
    const dir = dirWith({ 'interdict.yaml': 'catalog:\n  disabledRules: [US-BOD17-01]\n' });
    expect(problemsOf(() => loadConfig({ env: {}, configDir: dir }))).toEqual([
      `config: catalog.disabledRules moved to policy.disableRules (the organisation profile) — from ${join(dir, 'interdict.yaml')}`,
    ]);
  });

  it('refuses unknown keys, which are usually typos', () => {
    const dir = dirWith({ 'interdict.yaml': 'http:\n  prot: 4000\n' });
    expect(problemsOf(() => loadConfig({ env: {}, configDir: dir }))[0]).toMatch(
      /^config: http\.prot is not a known setting/,
    );
  });

  it('reports invalid YAML with its line', () => {
    const dir = dirWith({ 'interdict.yaml': 'http:\n  port: [1,\n' });
    expect(problemsOf(() => loadConfig({ env: {}, configDir: dir }))[0]).toMatch(
      /interdict\.yaml line \d+ is not valid YAML/,
    );
  });

  it('never echoes a secret value in an error', () => {
    const problems = problemsOf(() =>
      loadConfig({ env: { INTERDICT_ENCRYPTION_KEY: 'hunter2-not-a-key' }, configDir: emptyDir() }),
    );
    expect(problems[0]).toContain('security.encryptionKey');
    expect(problems[0]).not.toContain('hunter2');
  });

  it('refuses an evidence signing key that is not Ed25519 PEM, without echoing it', () => {
    const problems = problemsOf(() =>
      loadConfig({ env: { EVIDENCE_SIGNING_KEY: 'hunter2-not-a-pem' }, configDir: emptyDir() }),
    );
    expect(problems[0]).toMatch(/^config: evidence\.signingKey must be an Ed25519 private key in PEM/);
    expect(problems[0]).not.toContain('hunter2');
  });

  it('returns a frozen object', () => {
    const config = loadConfig({ env: {}, configDir: emptyDir() });
    expect(Object.isFrozen(config.http)).toBe(true);
  });

  it('accepts the example file, which documents every setting', () => {
    const example = join(__dirname, '..', '..', '..', 'config', 'interdict.example.yaml');
    const config = loadConfig({ env: {}, configDir: emptyDir(), files: [example] });
    expect(config.http.port).toBeGreaterThan(0);
    const documented = new Set(leafPaths(parse(readFileSync(example, 'utf8'))));
    const reader = readerPaths();
    const undocumented = reader.filter((p) => ![...documented].some((d) => d === p || d.startsWith(`${p}.`)));
    expect(undocumented).toEqual([]);
  });
});

function leafPaths(tree: unknown, prefix = ''): string[] {
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) return [prefix];
  return Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) =>
    leafPaths(v, prefix ? `${prefix}.${k}` : k),
  );
}

function readerPaths(): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SettingReader } = require('./setting-reader') as typeof import('./setting-reader');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readAllSettings } = require('./config') as typeof import('./config');
  const reader = new SettingReader({ env: {}, yaml: {}, yamlOrigin: () => '' });
  readAllSettings(reader);
  return [...reader.readPaths];
}

describe('reports.storage and reports.s3', () => {
  it('keeps reports on local disk unless told otherwise', () => {
    const config = loadConfig({ env: {}, configDir: emptyDir() });
    expect(config.reports.storage).toBe('local');
    expect(config.reports.s3).toMatchObject({ partSizeMb: 8, queueSize: 2, sse: 'none', download: 'stream' });
  });

  it('refuses storage s3 without a bucket, naming the key and its env var', () => {
    expect(problemsOf(() => loadConfig({ env: { REPORTS_STORAGE: 's3' }, configDir: emptyDir() }))).toEqual([
      'config: reports.s3.bucket is required when reports.storage is s3 — set it or REPORTS_S3_BUCKET',
    ]);
  });

  it('refuses a part size under S3 minimum of 5 MiB and a bad bucket name', () => {
    const problems = problemsOf(() =>
      loadConfig({
        env: { REPORTS_S3_PART_SIZE_MB: '4', REPORTS_S3_BUCKET: 'No_Such' },
        configDir: emptyDir(),
      }),
    );
    expect(problems).toEqual([
      expect.stringContaining('reports.s3.bucket must be an S3 bucket name'),
      'config: reports.s3.partSizeMb must be a whole number between 5 and 512 (got "4") — from REPORTS_S3_PART_SIZE_MB',
    ]);
  });

  it('marks the secret key secret, and wants both keys or neither', () => {
    const problems = problemsOf(() =>
      loadConfig({ env: { REPORTS_S3_SECRET_ACCESS_KEY: 'hunter2' }, configDir: emptyDir() }),
    );
    expect(problems).toEqual([
      expect.stringContaining('reports.s3.accessKeyId and reports.s3.secretAccessKey go together'),
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
    const config = loadConfig({
      env: { REPORTS_S3_ACCESS_KEY_ID: 'AKIA', REPORTS_S3_SECRET_ACCESS_KEY: 'hunter2' },
      configDir: emptyDir(),
    });
    expect(config.secretPaths).toEqual(
      expect.arrayContaining(['reports.s3.secretAccessKey', 'reports.s3.sessionToken']),
    );
  });

  it('refuses a KMS key id unless sse is aws:kms', () => {
    expect(
      problemsOf(() =>
        loadConfig({ env: { REPORTS_S3_KMS_KEY_ID: 'k1', REPORTS_S3_SSE: 'AES256' }, configDir: emptyDir() }),
      ),
    ).toEqual(['config: reports.s3.kmsKeyId is set but reports.s3.sse is AES256; set sse to aws:kms']);
  });
});
