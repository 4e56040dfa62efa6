/**
 * The V8 flags the worker runs with (package.json `start:worker`, docker-compose's worker command, the benches; a
 * test holds them equal). The heap cap keeps V8 from growing the heap lazily far past what the jobs need; the small
 * young generation (4 MB semi-spaces instead of 16) keeps short-lived sync and report garbage from padding RSS: a
 * large Intune sync peaks lower with it and takes no longer (docs/benchmarks.md, "Worker memory at its busiest").
 */
export const WORKER_NODE_FLAGS = ['--max-old-space-size=256', '--max-semi-space-size=4'] as const;
