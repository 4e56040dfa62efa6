import { Injectable } from '@nestjs/common';
import { Config } from '@interdict/config';
import { loadEvidenceSigningKey } from './evidence-key';

/** The public half of the evidence signing key, as auditors fetch it. */
export interface EvidencePublicKeyView {
  algorithm: 'Ed25519';
  /** SHA-256 (hex) of the key's DER (SPKI) form; manifest.json names the key it was signed with by this id. */
  keyId: string;
  publicKeyPem: string;
}

/** Shows the evidence signing key's public half (the private key never leaves the process that signs). */
@Injectable()
export class EvidenceKeyService {
  constructor(private readonly config: Config) {}

  /** The configured key's public half; outside production the key is generated first if none exists yet. */
  publicKey(): EvidencePublicKeyView {
    const key = loadEvidenceSigningKey(this.config, { generate: true });
    return { algorithm: 'Ed25519', keyId: key.keyId, publicKeyPem: key.publicKeyPem };
  }
}
