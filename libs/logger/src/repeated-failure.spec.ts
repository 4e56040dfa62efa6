import { Writable } from 'node:stream';
import pino from 'pino';
import { RepeatedFailureLog } from './repeated-failure';

function capture() {
  const lines: { level: number; msg: string; failures?: number }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      cb();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe('RepeatedFailureLog', () => {
  it('logs an outage as its first error, a reminder a minute, and the recovery', async () => {
    const { log, lines } = capture();
    let now = 0;
    const f = new RepeatedFailureLog(log, 'poll failed', () => now);
    for (let i = 0; i < 240; i++) {
      f.failed(new Error('connect ECONNREFUSED'));
      now += 500; // a poll every 0.5 s for two minutes
    }
    f.succeeded();
    f.succeeded();
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => [l.level, l.msg, l.failures])).toEqual([
      [50, 'poll failed', undefined],
      [40, 'poll failed (still failing)', 121],
      [30, 'poll failed: recovered', 240],
    ]);
    f.failed(new Error('again'));
    await new Promise((r) => setImmediate(r));
    expect(lines.at(-1)).toMatchObject({ level: 50, msg: 'poll failed' });
  });
});
