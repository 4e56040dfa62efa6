import { constants, createHash, createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { ConnectorError } from '../connector.errors';

/**
 * The Entra ID client assertion for certificate credentials: a JWT signed with the app's private key, carrying
 * the certificate thumbprints (`x5t` = SHA-1, `x5t#S256` = SHA-256, base64url of the DER), `aud` = the token URL,
 * `iss` = `sub` = client id, a fresh `jti`, and a 10-minute life.
 */
export async function buildClientAssertion(opts: {
  clientId: string;
  tokenUrl: string;
  certificatePem: string;
  privateKeyPem: string;
  algorithm: 'PS256' | 'RS256';
  now?: number;
}): Promise<string> {
  let der: Buffer;
  let key: ReturnType<typeof createPrivateKey>;
  try {
    der = new X509Certificate(opts.certificatePem).raw;
  } catch {
    throw new ConnectorError(
      'bad_settings',
      'settings.certificatePem is not a PEM certificate',
      'settings.certificatePem',
    );
  }
  try {
    key = createPrivateKey(opts.privateKeyPem);
  } catch {
    throw new ConnectorError(
      'bad_settings',
      "the source's secret is not a PEM private key (certificate authentication)",
      'secret',
    );
  }
  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  const header = {
    alg: opts.algorithm,
    typ: 'JWT',
    x5t: createHash('sha1').update(der).digest('base64url'),
    'x5t#S256': createHash('sha256').update(der).digest('base64url'),
  };
  const claims = {
    aud: opts.tokenUrl,
    iss: opts.clientId,
    sub: opts.clientId,
    jti: randomUUID(),
    nbf: now,
    iat: now,
    exp: now + 600,
  };
  const input = `${b64url(header)}.${b64url(claims)}`;
  // RS256 = RSASSA-PKCS1-v1_5 with SHA-256; PS256 = RSASSA-PSS with SHA-256 and a 32-byte salt (RFC 7518 §3.3, §3.5).
  const signature = sign('sha256', Buffer.from(input), {
    key,
    ...(opts.algorithm === 'PS256' ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : {}),
  });
  return `${input}.${signature.toString('base64url')}`;
}

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
