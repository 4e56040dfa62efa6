import { createTestDatabase, type TestDatabase } from '@interdict/testing';
import { JobQueue } from './job-queue';

describe('JobQueue', () => {
  let db: TestDatabase;
  let queue: JobQueue;
  beforeEach(async () => {
    db = await createTestDatabase();
    queue = new JobQueue(db.dataSource);
  });
  afterEach(() => db.drop());

  it('coalesces jobs queued under the same key', async () => {
    const a = await queue.enqueue('sync', { key: 'sync:1' });
    const b = await queue.enqueue('sync', { key: 'sync:1' });
    expect(b).toBe(a);
    expect(await db.count('job')).toBe(1);
  });

  it('gives a job to one claimer only', async () => {
    await queue.enqueue('sync', { key: 'sync:1' });
    const [first, second] = await Promise.all([
      queue.claim(['sync'], { leaseMs: 60_000, workerId: 'a' }),
      queue.claim(['sync'], { leaseMs: 60_000, workerId: 'b' }),
    ]);
    expect(first.length + second.length).toBe(1);
  });

  it('does not run a key twice at once, but queues the next trigger', async () => {
    await queue.enqueue('sync', { key: 'sync:1' });
    const [running] = await queue.claim(['sync'], { leaseMs: 60_000 });
    await queue.enqueue('sync', { key: 'sync:1' });
    expect(await queue.claim(['sync'], { leaseMs: 60_000 })).toEqual([]);
    await queue.complete(running.id);
    expect(await queue.claim(['sync'], { leaseMs: 60_000 })).toHaveLength(1);
  });

  it('requeues the job of a worker whose lease expired', async () => {
    await queue.enqueue('sync', { key: 'sync:1' });
    await queue.claim(['sync'], { leaseMs: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect(await queue.recoverExpired()).toBe(1);
    const [again] = await queue.claim(['sync'], { leaseMs: 60_000 });
    expect(again.attempts).toBe(2);
  });

  it('retries a failed job later when asked to', async () => {
    await queue.enqueue('report', { key: 'report:1' });
    const [job] = await queue.claim(['report'], { leaseMs: 60_000 });
    await queue.fail(job.id, 'throttled', new Date(Date.now() - 1));
    expect(await queue.claim(['report'], { leaseMs: 60_000 })).toHaveLength(1);
  });
});
