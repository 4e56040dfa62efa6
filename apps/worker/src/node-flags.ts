/**
 * The V8 flags the worker runs with (package.json `start:worker`, docker-compose's worker command, the benches; a
 * test holds them equal). The heap cap keeps V8 from growing the heap lazily far past what the jobs need; the small
 * young generation (4 MB semi-spaces instead of 16) keeps short-lived sync and report garbage from padding RSS: a
 * 100k-device Intune sync peaked at 326 MiB RSS with the default and 262 MiB with it, in the same time
 * (docs/benchmarks.md, worker memory).
 */
export const WORKER_NODE_FLAGS = ['--max-old-space-size=256', '--max-semi-space-size=4'] as const;
