import type { SecretBox } from '@interdict/database';
import { secretKey } from '../signing/signature';
import type { EndpointRow } from './endpoint.repository';

/** Seals and opens an endpoint's signing secrets and custom headers, bound to the endpoint's id. */
export class EndpointSecrets {
  constructor(private readonly box: SecretBox) {}

  sealSecret(endpointId: string, secret: string): Buffer {
    return this.box.seal(secret, `webhook:${endpointId}`);
  }

  sealHeaders(endpointId: string, headers: Record<string, string>): Buffer | null {
    return Object.keys(headers).length
      ? this.box.seal(JSON.stringify(headers), `webhook:${endpointId}:headers`)
      : null;
  }

  headers(row: EndpointRow): Record<string, string> {
    if (!row.headers_ciphertext) return {};
    return JSON.parse(this.box.open(row.headers_ciphertext, `webhook:${row.id}:headers`)) as Record<
      string,
      string
    >;
  }

  /** HMAC keys that sign now: the current secret, plus the previous one during its grace period. */
  signingKeys(row: EndpointRow, now = new Date()): Buffer[] {
    const keys = [secretKey(this.box.open(row.secret_ciphertext, `webhook:${row.id}`))];
    if (
      row.previous_secret_ciphertext &&
      row.previous_secret_expires_at &&
      row.previous_secret_expires_at > now
    )
      keys.push(secretKey(this.box.open(row.previous_secret_ciphertext, `webhook:${row.id}`)));
    return keys;
  }
}
