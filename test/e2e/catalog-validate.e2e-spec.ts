import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm run catalog:validate` as an operator runs it: the shipped catalog plus an overlay directory, under the
// configured profile; bad input is refused with file:line and a non-zero exit.
const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'libs', 'catalog', 'src', 'cli', 'validate-catalog.js');

function validate(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|CATALOG_|POLICY_|INTERDICT_|LOG_)/.test(k)),
  );
  const r = spawnSync(process.execPath, [cli], {
    cwd: root,
    env: {
      ...clean,
      INTERDICT_CONFIG_DIR: join(root, 'test', 'support', 'no-config'),
      LOG_LEVEL: 'warn',
      ...env,
    },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const RULE = (extra = '    binds: [{ jurisdiction: US }]\n') => `rules:
  - id: HOUSE-BAN
    title: House ban
    citation: Internal policy 7
    jurisdiction: US
    kind: binding
    appliesTo: everyone here
${extra}    phases: [{ date: 2024-01-01, status: prohibited, summary: banned here }]
    remediationDays: 30
    severity: high
    source: https://intranet.example.test/policy-7
    confidence: V
`;

describe('catalog:validate', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'interdict-catalog-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts the shipped catalog and says how the rules stand for the configured profile', () => {
    const ok = validate({});
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(
      /^catalog [0-9a-f]{16}: \d+ files, \d+ vendors, \d+ products, \d+ matchers, \d+ rules \(1 binding, \d+ for review, \d+ not applicable here\) — OK\n$/,
    );
    const contractor = validate({ POLICY_SECTORS: 'federal-contractor' });
    expect(contractor.stdout).toMatch(/\(3 binding,/);
  });

  it('refuses a shadowed matcher, a backtracking pattern and a rule without a binding scope, with file:line', () => {
    writeFileSync(
      join(dir, 'house.yaml'),
      `family: house
vendors:
  - { id: house, name: House Tools, publishers: ['^house tools\\b'] }
${RULE('')}products:
  - id: house-chat
    name: House Chat
    vendor: house
    confidence: V
    ships: [windows]
    rules: [US-BIS-FD]
    matchers:
      - id: house-chat-name
        platforms: [windows]
        displayName: '^(house\\w+\\s?)*chat$'
        examples: [housechat]
  - id: house-suite
    name: House Suite
    vendor: house
    confidence: V
    ships: [windows]
    rules: [US-BIS-FD]
    matchers:
      - { id: house-suite-name, platforms: [windows], names: [House Suite] }
      - { id: house-suite-pro, platforms: [windows], names: [House Suite Pro] }
  - id: house-suite-pro
    name: House Suite Pro
    vendor: house
    confidence: V
    ships: [windows]
    rules: [US-BIS-FD]
    matchers:
      - { id: house-pro-name, platforms: [windows], names: [House Suite Pro] }
`,
    );
    const file = join(dir, 'house.yaml');
    const problems = () => {
      const r = validate({ CATALOG_EXTRA_DIRS: dir });
      expect(r.status).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines[0]).toMatch(/^catalog: \d+ problem\(s\)$/);
      return lines.slice(1);
    };
    // A schema error and a bad pattern in the same file show together; what needs a whole catalog (reachability of
    // each example) shows once the file is valid.
    expect(problems()).toEqual([
      expect.stringMatching(
        /^ {2}- .*house\.yaml:26: products\[0\]\.matchers\[0\]\.displayName: \(house\\w\+\\s\?\)\* repeats a part that itself repeats without bound/,
      ),
      `  - ${file}:5: rules[0].binds: every rule must say whom it binds (binds: [{ jurisdiction, sectors }])`,
    ]);
    edit(
      file,
      '    phases: [{ date: 2024-01-01',
      '    binds: [{ jurisdiction: US }]\n    phases: [{ date: 2024-01-01',
    );
    expect(problems()).toEqual([
      expect.stringMatching(
        /^ {2}- .*house\.yaml:27: products\[0\]\.matchers\[0\]\.displayName: \(house\\w\+\\s\?\)\* repeats a part that itself repeats without bound/,
      ),
    ]);
    edit(file, "'^(house\\w+\\s?)*chat$'", "'^house ?chat$'");
    expect(problems()).toEqual([
      `  - ${file}:45: products[2].matchers[0] (house-pro-name) is unreachable: its example "House Suite Pro" on windows is claimed first by product house-suite (matcher house-suite-pro)`,
    ]);
  });

  it('stops with one line when the profile names an unknown sector', () => {
    const r = validate({ POLICY_SECTORS: 'bank' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      'config: policy.sectors item 1 is not a known sector (got "bank"; use federal-agency, federal-contractor, state-agency, local-government, public-administration, subsidy-recipient, critical-infrastructure) (got "bank") — from POLICY_SECTORS',
    );
  });
});

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`edit: "${from}" not in ${file}`);
  writeFileSync(
    file,
    text.replace(from, () => to),
  );
}
