import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
// The end of a one-file zip (data descriptor, central directory, zip64 records, an archive comment of at most
// 64 KiB) always fits in this; it is held back until the download ends and tells where the data stops.
const TAIL_BYTES = 160 * 1024;

export class ZipStreamError extends Error {}

/** The first entry's local header, read from the start of the download. */
export interface LocalEntry {
  name: string;
  method: number;
  /** Bytes of header before the entry's data. */
  headerLength: number;
}

/**
 * Reads the first entry of a zip as it downloads, without a temp file: the local header names the entry and its
 * method (stored or deflate); the bytes after it flow on while the last TAIL_BYTES are held back; when the
 * download ends, the central directory in that tail gives the entry's compressed size, CRC-32 and size, so the
 * data is cut exactly and checked. Anything else about the zip (the entry not first, more entries after it) is an
 * error for the caller to fall back on.
 */
export function readLocalHeader(head: Buffer): LocalEntry | null {
  if (head.length < 30) return null;
  if (head.readUInt32LE(0) !== LOCAL_HEADER)
    throw new ZipStreamError('the export is not a zip (no local header)');
  const nameLength = head.readUInt16LE(26);
  const extraLength = head.readUInt16LE(28);
  const headerLength = 30 + nameLength + extraLength;
  if (head.length < headerLength) return null;
  return {
    name: head.subarray(30, 30 + nameLength).toString('utf8'),
    method: head.readUInt16LE(8),
    headerLength,
  };
}

interface CentralEntry {
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/** The one central directory record, found from the end-of-central-directory record in `tail`. */
function centralEntry(tail: Buffer, tailOffset: number): CentralEntry {
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--)
    if (tail.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new ZipStreamError('the export zip has no end of central directory');
  let entries = tail.readUInt16LE(eocd + 10);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || entries === 0xffff) {
    // zip64: the locator (20 bytes) sits just before the EOCD and points at the zip64 EOCD record.
    const locator = eocd - 20;
    const z64 = locator >= 0 ? Number(tail.readBigUInt64LE(locator + 8)) - tailOffset : -1;
    if (z64 < 0 || tail.readUInt32LE(z64) !== ZIP64_END_OF_CENTRAL_DIRECTORY)
      throw new ZipStreamError('the export zip64 end record is missing');
    entries = Number(tail.readBigUInt64LE(z64 + 32));
    cdOffset = Number(tail.readBigUInt64LE(z64 + 48));
  }
  if (entries !== 1) throw new ZipStreamError(`the export zip holds ${entries} entries, not one`);
  const at = cdOffset - tailOffset;
  if (at < 0 || tail.readUInt32LE(at) !== CENTRAL_HEADER)
    throw new ZipStreamError('the export zip central directory is not where its end record says');
  const entry: CentralEntry = {
    crc: tail.readUInt32LE(at + 16),
    compressedSize: tail.readUInt32LE(at + 20),
    size: tail.readUInt32LE(at + 24),
    localHeaderOffset: tail.readUInt32LE(at + 42),
  };
  const nameLength = tail.readUInt16LE(at + 28);
  const extraLength = tail.readUInt16LE(at + 30);
  // zip64 extra field (id 1): the 64-bit values of the fields set to 0xffffffff, in this order.
  for (let p = at + 46 + nameLength, end = p + extraLength; p + 4 <= end;) {
    const id = tail.readUInt16LE(p);
    const len = tail.readUInt16LE(p + 2);
    if (id === 1) {
      let q = p + 4;
      if (entry.size === 0xffffffff) {
        entry.size = Number(tail.readBigUInt64LE(q));
        q += 8;
      }
      if (entry.compressedSize === 0xffffffff) {
        entry.compressedSize = Number(tail.readBigUInt64LE(q));
        q += 8;
      }
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = Number(tail.readBigUInt64LE(q));
    }
    p += 4 + len;
  }
  return entry;
}

/**
 * The entry's data (after `entry.headerLength` bytes already taken from `head`), uncompressed, as a stream that
 * fails if the download ends early, the zip's end records disagree, or the CRC-32 or size do not match.
 * Long because its transform's callbacks share the held-back bytes, the counts and the CRC.
 */
export function entryDataStream(download: Readable, head: Buffer, entry: LocalEntry): Readable {
  if (entry.method !== 0 && entry.method !== 8)
    throw new ZipStreamError(`the export zip uses compression method ${entry.method}`);
  let held: Buffer[] = [];
  let heldBytes = 0;
  let passed = 0; // data bytes (after the local header) sent on
  const cut = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes > 2 * TAIL_BYTES) {
        const all = Buffer.concat(held, heldBytes);
        const out = all.subarray(0, all.length - TAIL_BYTES);
        held = [all.subarray(all.length - TAIL_BYTES)];
        heldBytes = TAIL_BYTES;
        passed += out.length;
        this.push(out);
      }
      cb();
    },
    flush(cb: TransformCallback) {
      try {
        const tail = Buffer.concat(held, heldBytes);
        const tailOffset = entry.headerLength + passed;
        const central = centralEntry(tail, tailOffset);
        if (central.localHeaderOffset !== 0)
          throw new ZipStreamError('the export zip entry is not the first in the file');
        const rest = central.compressedSize - passed;
        if (rest < 0 || rest > tail.length)
          throw new ZipStreamError('the export zip entry size does not fit the file');
        expected = central;
        if (rest > 0) this.push(tail.subarray(0, rest));
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
  });
  let expected: CentralEntry | null = null;
  let crc = 0;
  let size = 0;
  const check = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      cb(null, chunk);
    },
    flush(cb: TransformCallback) {
      if (!expected) return cb(new ZipStreamError('the export zip ended before its end records'));
      if (size !== expected.size || crc >>> 0 !== expected.crc >>> 0)
        return cb(new ZipStreamError('the export zip entry fails its CRC-32 or size check'));
      cb();
    },
  });
  const fail = (err: Error): void => {
    check.destroy(
      err instanceof ZipStreamError ? err : new ZipStreamError(`the export download broke: ${err.message}`),
    );
  };
  download.on('error', fail);
  cut.on('error', fail);
  const afterHeader = head.subarray(entry.headerLength);
  if (afterHeader.length) cut.write(afterHeader);
  download.pipe(cut);
  if (entry.method === 8) {
    const inflate = createInflateRaw();
    inflate.on('error', (err) =>
      fail(new ZipStreamError(`the export zip data does not inflate: ${err.message}`)),
    );
    cut.pipe(inflate).pipe(check);
  } else cut.pipe(check);
  check.on('close', () => download.destroy());
  return check;
}
