import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ReportError } from '../reports.errors';
import type { ReportStorage, StoredReport } from './report-storage';
import { checkStorageKey } from './storage-key';

/** Report files in a local (or shared, mounted) directory; writes go to a temporary name, then rename. */
export class LocalDiskReportStorage implements ReportStorage {
  private readonly root: string;

  constructor(directory: string) {
    this.root = resolve(directory);
  }

  async put(key: string, body: Readable): Promise<{ sizeBytes: number }> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.${randomBytes(4).toString('hex')}.partial`;
    try {
      await pipeline(body, createWriteStream(partial, { flags: 'wx' }));
      // Flush to disk before the rename so a crash never leaves a complete-looking but truncated file.
      const handle = await open(partial, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(partial, path);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
    return { sizeBytes: (await stat(path)).size };
  }

  async get(key: string): Promise<StoredReport> {
    const path = this.pathOf(key);
    try {
      const { size } = await stat(path);
      return { body: createReadStream(path, { highWaterMark: 256 * 1024 }), sizeBytes: size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new ReportError('report_file_not_found', `The report file "${key}" is no longer in storage`);
      }
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  /** The file's absolute path. */
  locate(key: string): string {
    return this.pathOf(key);
  }

  private pathOf(key: string): string {
    const path = join(this.root, ...checkStorageKey(key).split('/'));
    if (!path.startsWith(this.root + sep))
      throw new ReportError('invalid_report', `Invalid storage key "${key}"`);
    return path;
  }
}
