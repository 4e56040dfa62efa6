import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { crc32, inflateRawSync } from 'node:zlib';
import { ZipFile } from 'yazl';
import { sendZip } from './zip';

// The export zip used to be written by yazl; the simulator's own writer must lay out the same bytes.

function content(size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < size; at += 100_000) {
    const n = Math.min(100_000, size - at);
    chunks.push(Buffer.from(Array.from({ length: n }, (_, i) => ((at + i) * 31 + ((at + i) >> 7)) & 255)));
  }
  return chunks;
}

async function ours(chunks: Buffer[], compress: boolean): Promise<{ zip: Buffer; written: number }> {
  const parts: Buffer[] = [];
  let written = 0;
  let ended = false;
  const res = {
    destroyed: false,
    write(chunk: Uint8Array, done?: () => void) {
      parts.push(Buffer.from(chunk));
      if (done) process.nextTick(done);
      return true;
    },
    end() {
      ended = true;
    },
    on() {},
    off() {},
  } as unknown as ServerResponse;
  await sendZip(
    res,
    { name: 'AppInvRawData_x.csv', mtime: new Date(Date.UTC(2026, 2, 1)), compress },
    chunks,
    () => {
      written++;
    },
  );
  await new Promise((resolve) => setImmediate(resolve));
  expect(ended).toBe(true);
  return { zip: Buffer.concat(parts), written };
}

async function yazl(chunks: Buffer[], compress: boolean): Promise<Buffer> {
  const zip = new ZipFile();
  zip.addReadStream(Readable.from(chunks), 'AppInvRawData_x.csv', {
    mtime: new Date(Date.UTC(2026, 2, 1)),
    compress,
  });
  zip.end();
  const parts: Buffer[] = [];
  for await (const part of zip.outputStream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('sendZip', () => {
  it.each([false, true])('writes the same bytes as yazl (compress=%s)', async (compress) => {
    const chunks = content(450_000);
    const { zip, written } = await ours(chunks, compress);
    expect(zip.equals(await yazl(chunks, compress))).toBe(true);
    expect(written).toBe(chunks.length);
  });

  it('holds the content with its CRC in the data descriptor and central directory', async () => {
    const chunks = content(250_000);
    const data = Buffer.concat(chunks);
    const { zip } = await ours(chunks, true);
    const nameLength = zip.readUInt16LE(26);
    const compressedSize = zip.length - 30 - nameLength - 16 - (46 + nameLength + 9) - 22;
    const body = zip.subarray(30 + nameLength, 30 + nameLength + compressedSize);
    expect(inflateRawSync(body).equals(data)).toBe(true);
    const descriptor = zip.subarray(30 + nameLength + compressedSize);
    expect(descriptor.readUInt32LE(0)).toBe(0x08074b50);
    expect(descriptor.readUInt32LE(4)).toBe(crc32(data));
    expect(descriptor.readUInt32LE(12)).toBe(data.length);
  });
});
