import { constants, createHash, randomUUID, verify, X509Certificate } from 'node:crypto';
import type { RequestContext } from './context';
import { readBody } from './respond';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The client certificate the simulated app registration trusts for client assertions. */
export interface ClientCertificate {
  certificatePem: string;
  thumbprintSha1: string;
  thumbprintSha256: string;
}

/** base64url SHA-1 and SHA-256 of a PEM certificate's DER bytes (the `x5t` / `x5t#S256` header values). */
export function thumbprints(certificatePem: string): { sha1: string; sha256: string } {
  const der = new X509Certificate(certificatePem).raw;
  return {
    sha1: createHash('sha1').update(der).digest('base64url'),
    sha256: createHash('sha256').update(der).digest('base64url'),
  };
}

/** Entra's token error body (docs/mdm-apis.md §2, fixture token-error-invalid-client.json). */
function tokenError(ctx: RequestContext, status: number, error: string, code: number, message: string): void {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  ctx.res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  ctx.res.end(
    JSON.stringify({
      error,
      error_description: `AADSTS${code}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    }),
  );
}

/**
 * `POST /login/{tenant}/oauth2/v2.0/token`: client secret or certificate assertion (docs/mdm-apis.md §2).
 * Long because it is the token endpoint's checks (tenant, grant, client, secret or assertion) in the order Entra ID
 * answers them, each with its own error.
 */
export async function handleLogin(ctx: RequestContext, certificate: ClientCertificate): Promise<void> {
  const state = ctx.state;
  const m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(ctx.path);
  if (!m || ctx.req.method !== 'POST')
    return tokenError(ctx, 404, 'invalid_request', 90002, 'Unknown endpoint.');
  const tenant = decodeURIComponent(m[1]);
  if (tenant !== state.tenantId && tenant !== 'fabrikam.example')
    return tokenError(ctx, 400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
  const form = new URLSearchParams(await readBody(ctx.req, 64 * 1024));
  let clientId = form.get('client_id');
  let secret = form.get('client_secret');
  const basic = /^Basic (\S+)$/i.exec(ctx.req.headers.authorization ?? '');
  if (basic) {
    const [id, pass] = Buffer.from(basic[1], 'base64')
      .toString('utf8')
      .split(':')
      .map((p) => decodeURIComponent(p));
    clientId ??= id;
    secret ??= pass;
  }
  if (form.get('grant_type') !== 'client_credentials')
    return tokenError(
      ctx,
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${form.get('grant_type') ?? ''}'.`,
    );
  const scope = form.get('scope') ?? '';
  if (!scope.endsWith('/.default'))
    return tokenError(
      ctx,
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  if (clientId !== state.intuneClientId)
    return tokenError(
      ctx,
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId ?? ''}' was not found in the directory '${tenant}'.`,
    );
  const assertion = form.get('client_assertion');
  if (assertion !== null) {
    if (form.get('client_assertion_type') !== ASSERTION_TYPE)
      return tokenError(
        ctx,
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_assertion_type'.",
      );
    const tokenUrl = `${ctx.baseUrl}/login/${m[1]}/oauth2/v2.0/token`;
    const failure = await verifyAssertion(assertion, certificate, clientId, tokenUrl);
    if (failure) return tokenError(ctx, 401, 'invalid_client', failure.code, failure.message);
  } else if (secret === null) {
    return tokenError(
      ctx,
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  } else if (secret !== state.intuneClientSecret) {
    return tokenError(
      ctx,
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    );
  }
  const lifetime = state.settings.tokenLifetimeSeconds;
  const token = state.issueToken('intune', lifetime, state.settings.intuneRoles);
  ctx.res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store, no-cache',
  });
  ctx.res.end(
    JSON.stringify({
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: token,
    }),
  );
}

/** Entra allows a little clock skew on assertion times. */
const SKEW_SECONDS = 300;

function decodeSegment(segment: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

// Verified with node:crypto (RS256 / PS256 over the configured certificate's public key): jose ships as ESM only,
// which the CommonJS test runtime cannot load.
async function verifyAssertion(
  assertion: string,
  certificate: ClientCertificate,
  clientId: string,
  tokenUrl: string,
): Promise<{ code: number; message: string } | null> {
  const parts = assertion.split('.');
  const header = parts.length === 3 ? decodeSegment(parts[0]) : null;
  const claims = parts.length === 3 ? decodeSegment(parts[1]) : null;
  if (!header || !claims) return { code: 50027, message: 'JWT token is invalid or malformed.' };
  const alg = header.alg;
  if (alg !== 'RS256' && alg !== 'PS256')
    return { code: 5002738, message: `The client assertion algorithm '${String(alg)}' is not supported.` };
  const x5t = header.x5t;
  const x5tS256 = header['x5t#S256'];
  if (x5t !== certificate.thumbprintSha1 && x5tS256 !== certificate.thumbprintSha256)
    return {
      code: 700027,
      message: `Client assertion failed signature validation. The key was not found. Thumbprint of key used by client: '${JSON.stringify(x5t ?? x5tS256 ?? '')}'.`,
    };
  const publicKey = new X509Certificate(certificate.certificatePem).publicKey;
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], 'base64url');
  const valid =
    alg === 'RS256'
      ? verify('sha256', signed, publicKey, signature)
      : verify(
          'sha256',
          signed,
          {
            key: publicKey,
            padding: constants.RSA_PKCS1_PSS_PADDING,
            saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
          },
          signature,
        );
  if (!valid) return { code: 700027, message: 'Client assertion failed signature validation.' };
  const now = Math.floor(Date.now() / 1000);
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(tokenUrl))
    return { code: 50027, message: `JWT token is invalid. The audience claim must be '${tokenUrl}'.` };
  if (claims.iss !== clientId || claims.sub !== clientId)
    return { code: 700023, message: "Client assertion claims 'iss' and 'sub' must be the client id." };
  if (typeof claims.jti !== 'string' || claims.jti === '')
    return { code: 700023, message: "Client assertion claim 'jti' is missing." };
  if (typeof claims.exp !== 'number' || claims.exp + SKEW_SECONDS < now)
    return { code: 700024, message: 'Client assertion is not within its valid time range.' };
  if (typeof claims.nbf === 'number' && claims.nbf - SKEW_SECONDS > now)
    return { code: 700024, message: 'Client assertion is not within its valid time range.' };
  return null;
}
