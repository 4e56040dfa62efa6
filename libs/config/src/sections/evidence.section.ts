import { createPrivateKey } from 'node:crypto';
import { str, type Parser } from '../parsers';
import type { SettingReader } from '../setting-reader';

/**
 * An Ed25519 private key in PEM (PKCS#8, `openssl genpkey -algorithm ed25519`). An env var often carries the line
 * breaks as the two characters `\n`; those are turned back into line breaks.
 */
export const ed25519PrivateKeyPem: Parser<string> = (raw) => {
  const pem = typeof raw === 'string' ? raw.trim().replace(/\\n/g, '\n') : '';
  try {
    if (createPrivateKey(pem).asymmetricKeyType === 'ed25519') return { value: pem };
  } catch {
    // falls through to the problem below; the key's text is never echoed
  }
  return { problem: 'must be an Ed25519 private key in PEM (openssl genpkey -algorithm ed25519)' };
};

export function readEvidence(r: SettingReader) {
  const settings = {
    /**
     * Signs evidence packs' manifests (docs/evidence-pack.md). Unset with no key file: generated once under
     * dataDir outside production; in production a report asking for a pack then fails, saying so.
     */
    signingKey: r.read('evidence.signingKey', ed25519PrivateKeyPem, {
      env: 'EVIDENCE_SIGNING_KEY',
      secret: true,
    }),
    /** A file holding the PEM instead (a mounted secret); read when a pack is signed. */
    signingKeyFile: r.read('evidence.signingKeyFile', str(), { env: 'EVIDENCE_SIGNING_KEY_FILE' }),
  };
  if (settings.signingKey && settings.signingKeyFile) {
    r.problem(
      'evidence.signingKey and evidence.signingKeyFile are both set — keep one (EVIDENCE_SIGNING_KEY or EVIDENCE_SIGNING_KEY_FILE)',
    );
  }
  return settings;
}
