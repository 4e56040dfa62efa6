/**
 * Before/after: runs benches on an earlier revision and on this tree, one after the other per bench (so the machine's
 * drift hits both alike), and records the headline figures of both side by side. The earlier revision is checked out
 * into a temporary git worktree that shares this tree's node_modules and is built there; each run writes its own
 * docs/benchmarks.md (this tree's sections are the "after" runs and stay as recorded).
 *
 * Usage: npm run bench:compare -- <revision> [sync,exposure,api,reports]
 * Env: as each bench (DATABASE_URL, BENCH_MAX_LOAD, BENCH_SIZES, …), passed to both runs unchanged.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineLine, recordBenchmark, table } from './support/bench-report';

const root = join(__dirname, '..', '..');
const [revision, only = 'sync,exposure,api,reports'] = process.argv.slice(2);

/** The figures compared per bench: a table row (by the start of its first cell) and a column of it. */
const HEADLINES: Record<string, { row: string; column: string; better: 'lower' | 'higher' }[]> = {
  sync: [
    { row: '(b) initial sync, end to end', column: 'seconds', better: 'lower' },
    { row: '(b) initial sync, end to end', column: 'peak RSS MiB', better: 'lower' },
    { row: '(c) next-day resync, end to end', column: 'seconds', better: 'lower' },
    { row: '(c) next-day resync, end to end', column: 'peak RSS MiB', better: 'lower' },
    { row: '(d) initial sync of the MDM simulator', column: 'seconds', better: 'lower' },
  ],
  exposure: [
    { row: 'match every title', column: 'time', better: 'lower' },
    { row: 'first full recompute', column: 'time', better: 'lower' },
    { row: 'steady full recompute', column: 'time', better: 'lower' },
    { row: 'incremental recompute after the 1% resync', column: 'time', better: 'lower' },
    { row: 'impact preview of a profile change', column: 'time', better: 'lower' },
  ],
  api: [
    { row: 'GET /api/v1/exposure/summary', column: 'req/s', better: 'higher' },
    { row: 'GET /api/v1/exposure/summary', column: 'p99 ms', better: 'lower' },
    { row: 'GET /api/v1/exposures?status=open&limit=50', column: 'req/s', better: 'higher' },
    { row: 'GET /api/v1/exposures?status=open&limit=50', column: 'p99 ms', better: 'lower' },
  ],
  reports: [
    { row: '100,000 | Exposed devices .xlsx', column: 'time (s)', better: 'lower' },
    { row: '100,000 | Exposed devices .xlsx', column: 'peak RSS (MiB)', better: 'lower' },
    { row: '100,000 | Exposed devices .csv', column: 'time (s)', better: 'lower' },
    { row: '1,000,000 | Exposed devices .xlsx', column: 'time (s)', better: 'lower' },
    { row: '1,000,000 | Exposed devices .xlsx', column: 'peak RSS (MiB)', better: 'lower' },
  ],
};

/** The rows of every table in one bench's section of a docs/benchmarks.md, keyed by header. */
function sectionRows(tree: string, name: string): { line: string; cells: Record<string, string> }[] {
  const text = readFileSync(join(tree, 'docs', 'benchmarks.md'), 'utf8');
  const start = text.indexOf(`<!-- bench:${name} -->`);
  const end = text.indexOf(`<!-- /bench:${name} -->`);
  if (start < 0 || end < start) throw new Error(`no ${name} section in ${tree}/docs/benchmarks.md`);
  const rows: { line: string; cells: Record<string, string> }[] = [];
  let header: string[] | null = null;
  for (const line of text.slice(start, end).split('\n')) {
    if (!line.startsWith('|')) {
      header = null;
      continue;
    }
    const cells = line
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim());
    if (!header) header = cells;
    else if (!cells.every((c) => /^-+$/.test(c)))
      rows.push({ line, cells: Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])) });
  }
  return rows;
}

function figure(tree: string, name: string, row: string, column: string): number | null {
  const found = sectionRows(tree, name).find((r) => r.line.replace(/\s+/g, ' ').startsWith(`| ${row}`));
  const value = found?.cells[column]?.replace(/,/g, '').match(/-?\d+(\.\d+)?/)?.[0];
  return value === undefined ? null : Number(value);
}

/**
 * Waits until the 1-minute load average is back under BENCH_MAX_LOAD: the run before leaves it high for a minute or
 * two, and each bench refuses to start on a busy machine. Gives up after 15 minutes and lets the bench say so.
 */
function waitForQuiet(): void {
  // A margin under the limit: a bench's own start-up (loading, spawning its helpers) adds load before it checks.
  const quiet = 0.7 * Number(process.env.BENCH_MAX_LOAD ?? 1);
  const until = Date.now() + 15 * 60_000;
  while (loadavg()[0] > quiet && Date.now() < until) spawnSync('sleep', ['10']);
}

/** The rows the compare section holds now (none when it has none). */
function previousRows(): Record<string, string>[] {
  try {
    return sectionRows(root, 'compare').map((r) => r.cells);
  } catch {
    return [];
  }
}

function runBench(tree: string, name: string): void {
  waitForQuiet();
  const result = spawnSync(process.execPath, [join(tree, 'dist', 'bench', `${name}.bench.js`)], {
    cwd: tree,
    stdio: 'inherit',
    env: process.env,
  });
  if (result.status !== 0) throw new Error(`bench ${name} in ${tree} exited with ${result.status}`);
}

function main(): void {
  if (!revision) {
    process.stderr.write('usage: npm run bench:compare -- <revision> [sync,exposure,api,reports]\n');
    process.exit(64);
  }
  const names = only.split(',').filter((n) => n in HEADLINES);
  waitForQuiet(); // the build that precedes this script leaves the load high too
  const machine = machineLine();
  const sha = execFileSync('git', ['rev-parse', '--short', revision], { cwd: root, encoding: 'utf8' }).trim();
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  const before = mkdtempSync(join(tmpdir(), 'bench-before-'));
  execFileSync('git', ['worktree', 'add', '--detach', before, sha], { cwd: root, stdio: 'inherit' });
  try {
    symlinkSync(join(root, 'node_modules'), join(before, 'node_modules'));
    execFileSync(process.execPath, [join(before, 'scripts', 'build.mjs')], { cwd: before, stdio: 'inherit' });
    const rows: Record<string, string>[] = [];
    const runAt = new Date().toISOString().slice(0, 16) + 'Z';
    for (const name of names) {
      runBench(before, name);
      runBench(root, name);
      for (const h of HEADLINES[name]) {
        const was = figure(before, name, h.row, h.column);
        const now = figure(root, name, h.row, h.column);
        rows.push({
          bench: name,
          figure: `${h.row.replace(/ \| /g, ', ')} — ${h.column}`,
          before: was === null ? '—' : String(was),
          after: now === null ? '—' : String(now),
          'after / before': was && now !== null ? `${(now / was).toFixed(2)}× (${h.better} is better)` : '—',
          revisions: `${sha} → ${head}`,
          'run at': runAt,
        });
      }
    }
    // A run of some benches keeps the rows of the others from the run before, each row saying when and on what.
    const kept = previousRows().filter((r) => !names.includes(r.bench));
    recordBenchmark(
      'compare',
      [
        '## Before / after (`npm run bench:compare -- <revision>`)',
        '',
        machine,
        '',
        'Each bench ran on the earlier revision (a temporary worktree of it, built there) and then on this tree, back to back, so both met the same machine; the full sections above are the latest "after" runs.',
        '',
        table([...kept, ...rows]),
      ].join('\n'),
    );
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', before], { cwd: root, stdio: 'inherit' });
    rmSync(before, { recursive: true, force: true });
  }
}

main();
