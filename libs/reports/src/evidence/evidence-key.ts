import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '@interdict/config';
import { ReportError } from '../reports.errors';

/** The Ed25519 key that signs evidence-pack manifests: sign with it, show its public half and id. */
export class EvidenceSigningKey {
  /** SHA-256 (hex) of the public key's DER (SPKI) form: `openssl pkey -pubin -outform DER | sha256sum`. */
  readonly keyId: string;
  readonly publicKeyPem: string;

  constructor(private readonly privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ed25519') {
      throw new ReportError('evidence_key_not_configured', 'The evidence signing key must be an Ed25519 key');
    }
    const publicKey = createPublicKey(privateKey);
    this.keyId = publicKeyId(publicKey);
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** A detached Ed25519 signature (64 raw bytes) over exactly these bytes. */
  sign(bytes: Buffer): Buffer {
    return sign(null, bytes, this.privateKey);
  }
}

/** The id of an Ed25519 public key: SHA-256 (hex) of its DER (SPKI) encoding. */
export function publicKeyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** Checks a detached Ed25519 signature with a public key; false for a wrong key, bytes or signature. */
export function verifyDetached(bytes: Buffer, signature: Buffer, publicKey: KeyObject): boolean {
  try {
    return signature.length === 64 && verify(null, bytes, publicKey, signature);
  } catch {
    return false;
  }
}

/** Where the key generated outside production is kept. */
export function generatedKeyPath(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'evidence-signing.key');
}

const NOT_CONFIGURED =
  'No evidence signing key: set evidence.signingKey (EVIDENCE_SIGNING_KEY) or evidence.signingKeyFile ' +
  '(EVIDENCE_SIGNING_KEY_FILE); production never generates one';

/**
 * The configured key (PEM or file), or — outside production, with `generate` — one generated once under dataDir,
 * like the encryption key (libs/database/src/secret-box.ts), so the demo signs packs with no setup. Production
 * never invents a key: auditors would be handed a key nobody keeps. Errors name the setting or file, never the key.
 */
export function loadEvidenceSigningKey(
  config: Pick<Config, 'env' | 'dataDir' | 'evidence'>,
  opts: { generate: boolean },
): EvidenceSigningKey {
  if (config.evidence.signingKey) return new EvidenceSigningKey(createPrivateKey(config.evidence.signingKey));
  if (config.evidence.signingKeyFile)
    return fromFile(config.evidence.signingKeyFile, 'evidence.signingKeyFile');
  if (config.env === 'production') throw new ReportError('evidence_key_not_configured', NOT_CONFIGURED);
  const file = generatedKeyPath(config);
  if (!existsSync(file)) {
    if (!opts.generate) throw new ReportError('evidence_key_not_configured', NOT_CONFIGURED);
    mkdirSync(dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process (api and worker start together) wrote it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return fromFile(file, 'the generated evidence key');
}

function fromFile(path: string, what: string): EvidenceSigningKey {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ReportError('evidence_key_not_configured', `${what}: cannot read ${path} (${code})`);
  }
  try {
    return new EvidenceSigningKey(createPrivateKey(pem));
  } catch {
    throw new ReportError(
      'evidence_key_not_configured',
      `${what}: ${path} does not hold an Ed25519 private key in PEM`,
    );
  }
}
