import { PassThrough } from 'node:stream';
import { writeCsvTable } from './csv-table';
import type { TableSheet } from './sheets';

const SHEET: TableSheet<number> = {
  name: 'Rows',
  columns: [{ header: 'Row', width: 10, kind: 'int' }],
  toCells: (i) => [i, 'x'.repeat(200)],
};

async function* rows(n: number): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) yield i;
}

describe('writeCsvTable', () => {
  it('stops with the output error when the output is destroyed while it waits for a drain', async () => {
    // Nobody reads: the writer soon waits for 'drain', which never comes once the store gives up.
    const out = new PassThrough({ highWaterMark: 16 * 1024 });
    out.on('error', () => undefined);
    const writing = writeCsvTable(out, SHEET, rows(1_000_000), { bom: false });
    setTimeout(() => out.destroy(new Error('the store refused the upload')), 50);
    await expect(writing).rejects.toThrow('the store refused the upload');
  });
});
