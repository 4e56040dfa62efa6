import { createHash, type KeyObject } from 'node:crypto';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { MANIFEST_NAME, SIGNATURE_NAME, type PackFile } from './evidence-draft';
import { publicKeyId, verifyDetached } from './evidence-key';
import { MANIFEST_FORMAT, MANIFEST_VERSION, type EvidenceManifest } from './evidence-manifest';

/** The outcome of checking a pack: ok, or the first file that failed and why. */
export interface PackVerdict {
  ok: boolean;
  /** Id of the public key the signature was checked with (never one from inside the pack). */
  keyId: string;
  /** The manifest, once its signature verified. */
  manifest?: EvidenceManifest;
  /** Files whose size and SHA-256 matched, in manifest order. */
  checked: PackFile[];
  failure?: { file: string; reason: string };
}

const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const HEX64 = /^[0-9a-f]{64}$/;

class PackFailure extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/**
 * Checks an evidence pack with a public key the caller trusts: the manifest's signature, then that the zip holds
 * exactly the files the manifest lists (none missing, none extra), then each file's size and SHA-256. A key that
 * comes inside the pack would prove nothing, so none is read from it; any such file is an extra file.
 */
export async function verifyEvidencePack(zipPath: string, publicKey: KeyObject): Promise<PackVerdict> {
  const keyId = publicKeyId(publicKey);
  const checked: PackFile[] = [];
  let zip: yauzl.ZipFile | undefined;
  try {
    zip = await yauzl
      .openPromise(zipPath, { lazyEntries: true, autoClose: false, strictFileNames: true })
      .catch((err: Error) => {
        throw new PackFailure(zipPath, `not a readable zip (${err.message})`);
      });
    const entries = await listEntries(zip);
    const manifestRaw = await readSmall(zip, need(entries, MANIFEST_NAME), MAX_MANIFEST_BYTES);
    const signature = await readSmall(zip, need(entries, SIGNATURE_NAME), 1024);
    if (!verifyDetached(manifestRaw, signature, publicKey)) {
      throw new PackFailure(
        SIGNATURE_NAME,
        `the signature does not verify manifest.json with key ${keyId}` +
          ` (manifest.json was changed, or it was signed by ${claimedKey(manifestRaw) ?? 'another key'})`,
      );
    }
    const manifest = parseManifest(manifestRaw);
    checkListing(manifest, entries);
    for (const file of manifest.files) {
      await checkFile(zip, entries.get(file.name)!, file);
      checked.push(file);
    }
    return { ok: true, keyId, manifest, checked };
  } catch (err) {
    if (!(err instanceof PackFailure)) throw err;
    return { ok: false, keyId, checked, failure: { file: err.file, reason: err.reason } };
  } finally {
    zip?.close();
  }
}

async function listEntries(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  const entries = new Map<string, yauzl.Entry>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (entries.has(entry.fileName)) throw new PackFailure(entry.fileName, 'appears twice in the zip');
      entries.set(entry.fileName, entry);
    }
  } catch (err) {
    if (err instanceof PackFailure) throw err;
    throw new PackFailure('(zip directory)', `unreadable (${(err as Error).message})`);
  }
  return entries;
}

function need(entries: Map<string, yauzl.Entry>, name: string): yauzl.Entry {
  const entry = entries.get(name);
  if (!entry) throw new PackFailure(name, 'missing from the pack');
  return entry;
}

async function readSmall(zip: yauzl.ZipFile, entry: yauzl.Entry, maxBytes: number): Promise<Buffer> {
  if (entry.uncompressedSize > maxBytes)
    throw new PackFailure(entry.fileName, `larger than ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  for await (const chunk of await open(zip, entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function open(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  try {
    return await zip.openReadStreamPromise(entry);
  } catch (err) {
    throw new PackFailure(entry.fileName, `unreadable (${(err as Error).message})`);
  }
}

/** The key id the (unverified) manifest claims, only to say so in the failure message. */
function claimedKey(raw: Buffer): string | undefined {
  try {
    const id = (JSON.parse(raw.toString('utf8')) as EvidenceManifest).signature?.keyId;
    return typeof id === 'string' && HEX64.test(id) ? `key ${id}` : undefined;
  } catch {
    return undefined;
  }
}

function parseManifest(raw: Buffer): EvidenceManifest {
  let m: EvidenceManifest;
  try {
    m = JSON.parse(raw.toString('utf8')) as EvidenceManifest;
  } catch {
    throw new PackFailure(MANIFEST_NAME, 'is not JSON');
  }
  if (m?.format !== MANIFEST_FORMAT || m.formatVersion !== MANIFEST_VERSION) {
    throw new PackFailure(MANIFEST_NAME, `is not a ${MANIFEST_FORMAT} version ${MANIFEST_VERSION} manifest`);
  }
  const files: unknown = m.files;
  const fine = (f: PackFile) =>
    typeof f?.name === 'string' && Number.isSafeInteger(f.sizeBytes) && HEX64.test(String(f.sha256));
  if (!Array.isArray(files) || !files.every(fine)) {
    throw new PackFailure(MANIFEST_NAME, 'files must list name, sizeBytes and sha256 of each file');
  }
  return m;
}

/** Every listed file is in the zip once, and the zip holds nothing else but the manifest and its signature. */
function checkListing(manifest: EvidenceManifest, entries: Map<string, yauzl.Entry>): void {
  const listed = new Set<string>();
  for (const f of manifest.files) {
    if (listed.has(f.name) || f.name === MANIFEST_NAME || f.name === SIGNATURE_NAME) {
      throw new PackFailure(f.name, 'is listed twice in manifest.json');
    }
    listed.add(f.name);
    if (!entries.has(f.name))
      throw new PackFailure(f.name, 'is listed in manifest.json but missing from the pack');
  }
  for (const name of entries.keys()) {
    if (name !== MANIFEST_NAME && name !== SIGNATURE_NAME && !listed.has(name)) {
      throw new PackFailure(name, 'is in the pack but not listed in manifest.json');
    }
  }
}

async function checkFile(zip: yauzl.ZipFile, entry: yauzl.Entry, file: PackFile): Promise<void> {
  if (entry.uncompressedSize !== file.sizeBytes) {
    throw new PackFailure(
      file.name,
      `is ${entry.uncompressedSize} bytes, manifest.json says ${file.sizeBytes}`,
    );
  }
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of await open(zip, entry)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (err) {
    if (err instanceof PackFailure) throw err;
    throw new PackFailure(file.name, `unreadable (${(err as Error).message})`);
  }
  const sha256 = hash.digest('hex');
  if (size !== file.sizeBytes || sha256 !== file.sha256) {
    throw new PackFailure(file.name, `SHA-256 is ${sha256}, manifest.json says ${file.sha256}`);
  }
}
