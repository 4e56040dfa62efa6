import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
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
  if (config.security.encryptionKey)
    return new SecretBox(Buffer.from(config.security.encryptionKey, 'base64'));
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
  return new SecretBox(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
}
