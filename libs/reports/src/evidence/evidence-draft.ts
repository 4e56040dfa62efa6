import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { csvRow, UTF8_BOM, type CellValue } from '../csv/csv-row';
import type { SheetCopies, SheetCopy } from '../render/render-report';

/** What a file of a pack is: the report file itself (an xlsx workbook, or a CSV report) or a sheet's CSV copy. */
export type PackFileRole = 'workbook' | 'report' | 'sheet';

/** One file of an evidence pack as its manifest lists it. */
export interface PackFile {
  name: string;
  role: PackFileRole;
  /** For a sheet's CSV: the workbook sheet it copies. */
  sheet?: string;
  sizeBytes: number;
  sha256: string;
}

/** An open file of the draft: write into `out` and end it, then `closed` gives its size and hash. */
export interface DraftFile {
  out: Writable;
  closed: Promise<PackFile>;
}

const CSV_CHUNK_CHARS = 64 * 1024;
export const MANIFEST_NAME = 'manifest.json';
export const SIGNATURE_NAME = 'manifest.json.sig';

/** `Exposed devices` → `csv/exposed-devices.csv`. */
export function sheetCsvName(sheet: string): string {
  const slug = sheet
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `csv/${slug || 'sheet'}.csv`;
}

/**
 * The parts of one evidence pack, written to a temporary directory while the report renders and hashed as they
 * are written (no file is ever held in memory), then zipped into one stream with the signed manifest first.
 */
export class EvidenceDraft {
  private readonly files: { file: PackFile; path: string }[] = [];
  private readonly names = new Set<string>();

  private constructor(private readonly dir: string) {}

  static async open(): Promise<EvidenceDraft> {
    return new EvidenceDraft(await mkdtemp(join(tmpdir(), 'interdict-evidence-')));
  }

  /** Starts a file of the pack; its bytes are hashed and counted on their way to disk. */
  addFile(name: string, role: PackFileRole, sheet?: string): DraftFile {
    if (name === MANIFEST_NAME || name === SIGNATURE_NAME || this.names.has(name)) {
      throw new Error(`evidence pack: file name "${name}" is taken`);
    }
    this.names.add(name);
    // Files are named by their order of opening: pack names may hold characters a file system refuses.
    const path = join(this.dir, `${this.names.size}.part`);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const out = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        sizeBytes += chunk.length;
        done(null, chunk);
      },
    });
    const closed = pipeline(out, createWriteStream(path, { flags: 'wx' })).then(() => {
      const file: PackFile = {
        name,
        role,
        ...(sheet ? { sheet } : {}),
        sizeBytes,
        sha256: hash.digest('hex'),
      };
      this.files.push({ file, path });
      return file;
    });
    closed.catch(() => undefined); // awaited by the caller; this only keeps an early failure from being "unhandled"
    return { out, closed };
  }

  /** A CSV per sheet the workbook writes (same cells, same order), for SheetCopies in the render context. */
  sheetCopies(opts: { bom: boolean }): SheetCopies {
    return { open: (sheet) => new CsvSheetCopy(this.addFile(sheetCsvName(sheet), 'sheet', sheet), opts.bom) };
  }

  /** The finished files, in the order they were closed. */
  listFiles(): PackFile[] {
    return this.files.map((f) => f.file);
  }

  /** Reads one finished file back (to store the report file itself). */
  read(name: string): Readable {
    const found = this.files.find((f) => f.file.name === name);
    if (!found) throw new Error(`evidence pack: no file "${name}"`);
    return createReadStream(found.path, { highWaterMark: 256 * 1024 });
  }

  /** The zip: manifest.json, its detached signature, then every file, each read from disk only when its turn comes. */
  zip(manifest: Buffer, signature: Buffer, mtime: Date): Readable {
    const zip = new ZipFile();
    zip.addBuffer(manifest, MANIFEST_NAME, { mtime });
    zip.addBuffer(signature, SIGNATURE_NAME, { mtime, compress: false });
    for (const { file, path } of this.files) {
      // An xlsx is a zip already: deflating it again costs time and saves nothing.
      zip.addReadStreamLazy(
        file.name,
        { mtime, size: file.sizeBytes, compress: file.role !== 'workbook' },
        (cb) => cb(null, createReadStream(path, { highWaterMark: 256 * 1024 })),
      );
    }
    zip.end();
    return zip.outputStream as Readable;
  }

  /** Removes the temporary directory. */
  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** One sheet's CSV: RFC 4180 rows as csvRow writes them, honouring the file's backpressure. */
class CsvSheetCopy implements SheetCopy {
  private chunk: string;

  constructor(
    private readonly file: DraftFile,
    bom: boolean,
  ) {
    this.chunk = bom ? UTF8_BOM : '';
  }

  async row(cells: readonly CellValue[]): Promise<void> {
    this.chunk += csvRow(cells);
    if (this.chunk.length >= CSV_CHUNK_CHARS) await this.flush();
  }

  async end(): Promise<void> {
    await this.flush();
    this.file.out.end();
    await this.file.closed;
  }

  private async flush(): Promise<void> {
    const text = this.chunk;
    this.chunk = '';
    if (!text) return;
    if (!this.file.out.write(text, 'utf8')) await drainOrFail(this.file.out, this.file.closed);
  }
}

/** Waits for 'drain', or fails with the file's own error if writing it broke meanwhile. */
function drainOrFail(out: Writable, closed: Promise<unknown>): Promise<void> {
  return Promise.race([
    new Promise<void>((resolve) => out.once('drain', resolve)),
    closed.then(() => undefined),
  ]);
}
