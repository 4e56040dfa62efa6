import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');

describe('docs/benchmarks.md', () => {
  it('holds only sections that bench scripts write, each by its own script', () => {
    const doc = readFileSync(join(root, 'docs', 'benchmarks.md'), 'utf8');
    const written = new Map<string, string>();
    for (const f of readdirSync(join(root, 'bench')).filter((n) => n.endsWith('.bench.ts'))) {
      for (const m of readFileSync(join(root, 'bench', f), 'utf8').matchAll(
        /recordBenchmark\(\s*'([a-z-]+)'/g,
      ))
        written.set(m[1], f);
    }
    const sections = [...doc.matchAll(/<!-- bench:([a-z-]+) -->/g)].map((m) => m[1]);
    expect(sections.filter((s) => !written.has(s))).toEqual([]);
    // Outside the sections: the header only. Text anywhere else would be text no script keeps true.
    const outside = doc.replace(/<!-- bench:([a-z-]+) -->[\s\S]*?<!-- \/bench:\1 -->/g, '').trim();
    expect(outside).toBe(
      '# Benchmarks\n\nEach section is rewritten by its script in `bench/` (`npm run bench:<name>`).',
    );
  });

  it('refuses to measure on a busy machine', () => {
    const run = spawnSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(join(root, 'dist', 'bench', 'support', 'bench-report.js'))}).machineLine()`,
      ],
      { env: { ...process.env, BENCH_MAX_LOAD: '-1' }, encoding: 'utf8' },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^bench: the load average is \d+\.\d\d, above BENCH_MAX_LOAD=-1: /);
  });
});
