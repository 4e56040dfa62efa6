import type { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { crc32, createDeflateRaw } from 'node:zlib';

// A streaming zip of one file, laid out as common zip writers do it (yazl, Info-ZIP): local header with
// "sizes follow" (bit 3), the data, a data descriptor, one central directory record with an Info-ZIP universal
// timestamp, and zip64 records once sizes or offsets pass 4 GiB. The CRC is zlib's native one: a JavaScript
// CRC-32 was the largest single cost of serving an export.

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const VERSION_MADE_BY = (3 << 8) | 63; // Unix, spec 6.3
const VERSION_UTF8 = 20;
const VERSION_ZIP64 = 45;
const FLAGS = (1 << 11) | (1 << 3); // UTF-8 name; CRC and sizes in a data descriptor
const FILE_MODE = 0o100664;
const MAX_32 = 0xfffffffe;

export interface ZipEntry {
  name: string;
  mtime: Date;
  /** Deflate (level 6) instead of storing. */
  compress: boolean;
}

/** DOS date and time, in local time as zip tools read them. */
function dosDateTime(date: Date): { date: number; time: number } {
  const min = new Date(1980, 0, 1);
  const max = new Date(2107, 11, 31, 23, 59, 58);
  const d = date < min ? min : date > max ? max : date;
  return {
    date: (d.getDate() & 0x1f) | (((d.getMonth() + 1) & 0xf) << 5) | (((d.getFullYear() - 1980) & 0x7f) << 9),
    time: Math.floor(d.getSeconds() / 2) | ((d.getMinutes() & 0x3f) << 5) | ((d.getHours() & 0x1f) << 11),
  };
}

function writeUInt64(buffer: Buffer, n: number, offset: number): void {
  buffer.writeUInt32LE(n % 0x100000000, offset);
  buffer.writeUInt32LE(Math.floor(n / 0x100000000), offset + 4);
}

/** Resolves on the stream's next 'drain' or its 'close', whichever comes first, leaving no listener behind. */
function drainedOrClosed(stream: EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** Writes a chunk and waits for the socket to drain when it is backed up; false once the client has gone. */
async function send(
  res: ServerResponse,
  chunk: Uint8Array,
  written?: (chunk: Uint8Array) => void,
): Promise<boolean> {
  if (res.destroyed) return false;
  if (!res.write(chunk, written ? () => written(chunk) : undefined)) {
    await drainedOrClosed(res);
  }
  return !res.destroyed;
}

/**
 * Streams a zip holding one file whose content comes from `chunks`, then ends the response; `written` hears of
 * each content chunk once it has left (so its buffer can be reused). Memory stays at a few chunks (plus the
 * deflater's window) whatever the file size.
 * Long because it writes the zip's records in file order (local header, data with a running CRC, descriptor, central
 * directory, end record), which share the offsets.
 */
export async function sendZip(
  res: ServerResponse,
  entry: ZipEntry,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  written?: (chunk: Uint8Array) => void,
): Promise<void> {
  const name = Buffer.from(entry.name, 'utf8');
  const method = entry.compress ? 8 : 0;
  const { date, time } = dosDateTime(entry.mtime);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(LOCAL_HEADER, 0);
  local.writeUInt16LE(VERSION_UTF8, 4);
  local.writeUInt16LE(FLAGS, 6);
  local.writeUInt16LE(method, 8);
  local.writeUInt16LE(time, 10);
  local.writeUInt16LE(date, 12);
  local.writeUInt16LE(name.length, 26);
  if (!(await send(res, Buffer.concat([local, name])))) return;

  let crc = 0;
  let size = 0;
  let compressedSize = 0;
  if (entry.compress) {
    const deflater = createDeflateRaw({ level: 6 });
    const failure: { error?: Error } = {};
    const drained = (async () => {
      for await (const out of deflater) {
        compressedSize += (out as Buffer).length;
        if (!(await send(res, out as Buffer))) {
          deflater.destroy();
          return;
        }
      }
    })().catch((error: unknown) => {
      failure.error = error instanceof Error ? error : new Error(String(error));
    });
    for await (const chunk of chunks) {
      if (res.destroyed || failure.error) break;
      crc = crc32(chunk, crc);
      size += chunk.length;
      if (!deflater.write(chunk, written ? () => written(chunk) : undefined)) await drainedOrClosed(deflater);
    }
    deflater.end();
    await drained;
    if (failure.error) throw failure.error;
  } else {
    for await (const chunk of chunks) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      if (!(await send(res, chunk, written))) return;
    }
    compressedSize = size;
  }
  if (res.destroyed) return;

  const zip64 = size > MAX_32 || compressedSize > MAX_32;
  const descriptor = Buffer.alloc(zip64 ? 24 : 16);
  descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
  descriptor.writeUInt32LE(crc >>> 0, 4);
  if (zip64) {
    writeUInt64(descriptor, compressedSize, 8);
    writeUInt64(descriptor, size, 16);
  } else {
    descriptor.writeUInt32LE(compressedSize, 8);
    descriptor.writeUInt32LE(size, 12);
  }

  // Info-ZIP universal timestamp (mtime; the atime flag is set as Info-ZIP does) and, past 4 GiB, zip64 sizes.
  const timestamp = Buffer.alloc(9);
  timestamp.writeUInt16LE(0x5455, 0);
  timestamp.writeUInt16LE(5, 2);
  timestamp.writeUInt8(3, 4);
  timestamp.writeInt32LE(
    Math.max(-0x80000000, Math.min(0x7fffffff, Math.floor(entry.mtime.getTime() / 1000))),
    5,
  );
  const zip64Extra = Buffer.alloc(zip64 ? 28 : 0);
  if (zip64) {
    zip64Extra.writeUInt16LE(0x0001, 0);
    zip64Extra.writeUInt16LE(24, 2);
    writeUInt64(zip64Extra, size, 4);
    writeUInt64(zip64Extra, compressedSize, 12);
    writeUInt64(zip64Extra, 0, 20);
  }
  const central = Buffer.alloc(46);
  central.writeUInt32LE(CENTRAL_HEADER, 0);
  central.writeUInt16LE(VERSION_MADE_BY, 4);
  central.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_UTF8, 6);
  central.writeUInt16LE(FLAGS, 8);
  central.writeUInt16LE(method, 10);
  central.writeUInt16LE(time, 12);
  central.writeUInt16LE(date, 14);
  central.writeUInt32LE(crc >>> 0, 16);
  central.writeUInt32LE(zip64 ? 0xffffffff : compressedSize, 20);
  central.writeUInt32LE(zip64 ? 0xffffffff : size, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt16LE(timestamp.length + zip64Extra.length, 30);
  central.writeUInt32LE((FILE_MODE << 16) >>> 0, 38);
  central.writeUInt32LE(zip64 ? 0xffffffff : 0, 42);
  const directory = Buffer.concat([central, name, timestamp, zip64Extra]);

  const directoryOffset = local.length + name.length + compressedSize + descriptor.length;
  const directoryEnd = directoryOffset + directory.length;
  const needsZip64End = directoryOffset >= 0xffffffff || directory.length >= 0xffffffff;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(needsZip64End ? 0xffffffff : directoryOffset, 16);
  const tail: Buffer[] = [descriptor, directory];
  if (needsZip64End) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(ZIP64_END_OF_CENTRAL_DIRECTORY, 0);
    writeUInt64(record, 56 - 12, 4);
    record.writeUInt16LE(VERSION_MADE_BY, 12);
    record.writeUInt16LE(VERSION_ZIP64, 14);
    writeUInt64(record, 1, 24);
    writeUInt64(record, 1, 32);
    writeUInt64(record, directory.length, 40);
    writeUInt64(record, directoryOffset, 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(ZIP64_LOCATOR, 0);
    writeUInt64(locator, directoryEnd, 8);
    locator.writeUInt32LE(1, 16);
    tail.push(record, locator);
  }
  tail.push(end);
  if (await send(res, Buffer.concat(tail))) res.end();
}
