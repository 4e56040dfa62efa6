import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '@interdict/config';

const VERSION = 1;

/** AES-256-GCM for secrets at rest: [version][12-byte nonce][16-byte tag][ciphertext]. */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(plaintext: string, context = ''): Buffer {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    // The context (e.g. "source:<id>") is bound as associated data so a ciphertext cannot be moved to another row.
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer, context = ''): string {
    if (sealed.length < 29 || sealed[0] !== VERSION) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(1, 13));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(sealed.subarray(13, 29));
    return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
  }
}

/**
 * The configured key, or — outside production — one generated once under dataDir, so the demo needs no setup.
 * Production refuses to invent a key: losing it would make every stored secret unreadable.
 */
export function secretBoxFromConfig(config: Config): SecretBox {
  return new SecretBox(encryptionKey(config));
}

/**
 * A key of its own for one purpose (e.g. signing download links), derived from the encryption key with HKDF, so
 * one secret to keep serves all and a signature can never be replayed as a ciphertext or the other way round.
 */
export function derivedKeyFromConfig(config: Config, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', encryptionKey(config), Buffer.alloc(0), `interdict:${purpose}`, 32));
}

function encryptionKey(config: Config): Buffer {
  if (config.security.encryptionKey) return Buffer.from(config.security.encryptionKey, 'base64');
  if (config.env === 'production') {
    throw new Error(
      'config: security.encryptionKey is required in production — from INTERDICT_ENCRYPTION_KEY',
    );
  }
  const file = join(config.dataDir, 'encryption.key');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

const SEALED_PREFIX = 'sealed:v1:';

/** Seals a setting's value for a config file: only this installation's key opens it, and only for that setting. */
export function sealSetting(box: SecretBox, settingPath: string, value: string): string {
  return SEALED_PREFIX + box.seal(value, `config:${settingPath}`).toString('base64');
}

/** A setting's value as given, or opened when it was sealed with sealSetting; the error names the setting only. */
export function openSetting(config: Config, settingPath: string, value: string): string {
  if (!value.startsWith(SEALED_PREFIX)) return value;
  try {
    return secretBoxFromConfig(config).open(
      Buffer.from(value.slice(SEALED_PREFIX.length), 'base64'),
      `config:${settingPath}`,
    );
  } catch {
    throw new Error(
      `config: ${settingPath} is sealed but does not open with this installation's encryption key (sealed for another setting or installation?)`,
    );
  }
}
