import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadConfigOrExit } from '@interdict/config';
import { loadEvidenceSigningKey } from '../evidence/evidence-key';
import { verifyEvidencePack, type PackVerdict } from '../evidence/verify-pack';
import { ReportError } from '../reports.errors';

// `npm run evidence:verify -- pack.zip [--public-key key.pem]`: checks an evidence pack's signature and every
// file's SHA-256 (docs/evidence-pack.md). Exit 0 only when all holds; 1 when the pack fails; 2 on bad usage.

const USAGE = 'usage: npm run evidence:verify -- <pack.zip> [--public-key <key.pem>]';

function fail(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseArgs(argv: string[]): { pack: string; keyFile?: string } {
  let pack: string | undefined;
  let keyFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--public-key') {
      keyFile = argv[++i];
      if (!keyFile) fail(2, `--public-key needs a file\n${USAGE}`);
    } else if (arg.startsWith('-') || pack) fail(2, `unexpected argument "${arg}"\n${USAGE}`);
    else pack = arg;
  }
  if (!pack) fail(2, USAGE);
  return { pack, keyFile };
}

/** The key the auditor names, else the configured signing key's public half; never a key from the pack. */
function trustedKey(keyFile: string | undefined): { key: KeyObject; from: string } {
  if (keyFile) {
    try {
      const key = createPublicKey(readFileSync(keyFile, 'utf8'));
      if (key.asymmetricKeyType !== 'ed25519') fail(2, `${keyFile}: not an Ed25519 public key`);
      return { key, from: keyFile };
    } catch (err) {
      fail(2, `${keyFile}: cannot read an Ed25519 public key in PEM (${(err as Error).message})`);
    }
  }
  try {
    const signing = loadEvidenceSigningKey(loadConfigOrExit(), { generate: false });
    return { key: createPublicKey(signing.publicKeyPem), from: 'the configured evidence signing key' };
  } catch (err) {
    if (err instanceof ReportError) fail(2, `${err.message}; or pass --public-key <key.pem>`);
    throw err;
  }
}

function print(pack: string, from: string, verdict: PackVerdict): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`evidence pack ${pack}`);
  out(`public key ${verdict.keyId} (from ${from})`);
  const m = verdict.manifest;
  if (m) {
    out(`report ${m.report.id} (${m.report.type}, ${m.report.format}) of ${m.organisation.name}`);
    out(
      `database snapshot ${m.databaseSnapshotAt}, catalog ${m.catalogVersion}, ${m.syncRuns.length} sync runs`,
    );
  }
  for (const f of verdict.checked) out(`ok  ${f.name}  ${f.sizeBytes} bytes  sha256 ${f.sha256}`);
}

async function main(): Promise<void> {
  const { pack, keyFile } = parseArgs(process.argv.slice(2));
  const { key, from } = trustedKey(keyFile);
  const verdict = await verifyEvidencePack(pack, key);
  print(pack, from, verdict);
  if (!verdict.ok) fail(1, `FAILED: ${verdict.failure!.file}: ${verdict.failure!.reason}`);
  process.stdout.write(
    `VERIFIED: the signature holds and all ${verdict.checked.length} files match manifest.json\n`,
  );
}

main().catch((err: unknown) => fail(1, `FAILED: ${err instanceof Error ? err.message : String(err)}`));
