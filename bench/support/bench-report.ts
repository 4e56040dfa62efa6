import { cpus, loadavg, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = join(__dirname, '..', '..', '..', 'docs', 'benchmarks.md');
const HEADER =
  '# Benchmarks\n\nEach section is rewritten by its script in `bench/` (`npm run bench:<name>`).\n';

/**
 * One line describing the machine and how busy it was, to print above every result table. Each bench takes it before
 * it starts work, and it refuses a busy machine: figures measured beside other work do not compare with the ones in
 * docs/benchmarks.md. BENCH_MAX_LOAD sets the limit (1-minute load average; default 1.0 on these 2 cores).
 */
export function machineLine(): string {
  const limit = Number(process.env.BENCH_MAX_LOAD ?? 1);
  const load = loadavg()[0];
  if (!(load <= limit)) {
    process.stderr.write(
      `bench: the load average is ${load.toFixed(2)}, above BENCH_MAX_LOAD=${limit}: other work would skew the figures. ` +
        `Wait until the machine is quiet, or raise BENCH_MAX_LOAD (the load is recorded with the results).\n`,
    );
    process.exit(2);
  }
  const cpu = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}; load average before the run ${loadavg()[0].toFixed(2)}. Run on ${new Date().toISOString().slice(0, 16)}Z.`;
}

/** Replaces (or appends) the section `name` of docs/benchmarks.md, leaving the other sections alone. */
export function recordBenchmark(name: string, markdown: string): void {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const i = current.indexOf(start);
  const j = current.indexOf(end);
  const next =
    i >= 0 && j > i
      ? current.slice(0, i) + block + current.slice(j + end.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(FILE, next);
}

/** Peak resident memory (VmHWM) of a process in MiB, read from /proc; the current process by default. */
export function peakRssMiB(pid: number | 'self' = 'self'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** Markdown table from rows of equal keys. */
export function table(rows: Record<string, string | number>[]): string {
  if (!rows.length) return '';
  const keys = Object.keys(rows[0]);
  return [
    `| ${keys.join(' | ')} |`,
    `| ${keys.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${keys.map((k) => String(r[k])).join(' | ')} |`),
  ].join('\n');
}
