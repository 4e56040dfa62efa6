import { spawn } from 'node:child_process';
import { WORKER_NODE_FLAGS } from '../../apps/worker/src/node-flags';

/** The worker's V8 flags with the heap cap a bench run asks for (0 = no flags at all, V8's defaults). */
export function workerFlags(heapMb: number): string[] {
  if (heapMb <= 0) return [];
  return WORKER_NODE_FLAGS.map((f) =>
    f.startsWith('--max-old-space-size=') ? `--max-old-space-size=${heapMb}` : f,
  );
}

/**
 * Runs `file --child <job as JSON>` with the worker's V8 flags, as the worker would run the job, and returns what the
 * child printed on stdout as JSON (the child's peak RSS is then the job's alone).
 */
export function runWorkerChild<T>(file: string, job: unknown, heapMb: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...workerFlags(heapMb), file, '--child', JSON.stringify(job)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`${file} child exited ${code}`)),
    );
  });
}
