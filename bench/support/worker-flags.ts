import { WORKER_NODE_FLAGS } from '../../apps/worker/src/node-flags';

/** The worker's V8 flags with the heap cap a bench run asks for (0 = no flags at all, V8's defaults). */
export function workerFlags(heapMb: number): string[] {
  if (heapMb <= 0) return [];
  return WORKER_NODE_FLAGS.map((f) =>
    f.startsWith('--max-old-space-size=') ? `--max-old-space-size=${heapMb}` : f,
  );
}
