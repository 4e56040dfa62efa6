/** How often long work (a sync run, a report) records how far it is (`sync_run.progress`, `report.progress`). */
const PROGRESS_MS = 1000;

/**
 * Calls `write` every PROGRESS_MS until the returned timer is cleared, never two at once (a slow write skips a beat);
 * `write` returns null when there is nothing to record yet. A failed write goes to `failed` and the work goes on.
 */
export function recordProgressEverySecond(
  write: () => Promise<unknown> | null,
  failed: (err: unknown) => void,
): NodeJS.Timeout {
  let writing = false;
  const timer = setInterval(() => {
    if (writing) return;
    const pending = write();
    if (!pending) return;
    writing = true;
    pending.catch(failed).finally(() => (writing = false));
  }, PROGRESS_MS);
  timer.unref();
  return timer;
}
