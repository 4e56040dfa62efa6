import { PassThrough, Readable } from 'node:stream';
import yazl from 'yazl';
import { entryDataStream, readLocalHeader } from './zip-entry-stream';

/** A one-file zip as yazl (like Intune's exporter) lays it out: sizes in a data descriptor. */
function zipOf(name: string, content: Buffer, compress: boolean): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const src = new PassThrough();
  zip.addReadStream(src, name, { compress, mtime: new Date(0) });
  src.end(content);
  zip.end();
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => parts.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
    zip.outputStream.on('error', reject);
  });
}

/** Feeds the zip in small pieces, reads the header off the front as the connector does, and drains the entry. */
async function readEntry(zip: Buffer, piece = 4093): Promise<Buffer> {
  let headLen = 0;
  let entry = null;
  while (!entry) entry = readLocalHeader(zip.subarray(0, (headLen += 64)));
  const head = zip.subarray(0, headLen);
  const pieces: Buffer[] = [];
  for (let i = headLen; i < zip.length; i += piece) pieces.push(zip.subarray(i, i + piece));
  const rest = Readable.from(pieces);
  const out: Buffer[] = [];
  for await (const c of entryDataStream(rest, head, entry)) out.push(c as Buffer);
  return Buffer.concat(out);
}

describe('zip entry stream', () => {
  // Over the held-back tail, so data flows before the download ends.
  const csv = Buffer.from(
    Array.from({ length: 20_000 }, (_, i) => `d${i % 97},App ${i},1.${i},Publisher ${i % 13}\r\n`).join(''),
  );

  it.each([false, true])('gives back the CSV exactly (deflate: %s)', async (compress) => {
    const zip = await zipOf('AppInvRawData.csv', csv, compress);
    expect(readLocalHeader(zip)).toMatchObject({ name: 'AppInvRawData.csv', method: compress ? 8 : 0 });
    expect((await readEntry(zip)).equals(csv)).toBe(true);
  });

  it('fails on a flipped byte (CRC-32), a cut download and a second entry', async () => {
    const zip = await zipOf('AppInvRawData.csv', csv, false);
    const flipped = Buffer.from(zip);
    flipped[1000] ^= 1;
    await expect(readEntry(flipped)).rejects.toThrow(/CRC-32/);
    await expect(readEntry(zip.subarray(0, zip.length - 30))).rejects.toThrow(
      /end of central directory|end records/,
    );
    const two = new yazl.ZipFile();
    two.addBuffer(csv, 'a.csv');
    two.addBuffer(Buffer.from('x'), 'b.txt');
    two.end();
    const parts: Buffer[] = [];
    for await (const c of two.outputStream) parts.push(c as Buffer);
    await expect(readEntry(Buffer.concat(parts))).rejects.toThrow(/2 entries/);
  });
});
