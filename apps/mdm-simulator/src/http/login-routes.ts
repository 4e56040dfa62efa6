import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, importX509, jwtVerify } from 'jose';
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

/** Entra's token error body (intune-graph.md §1.2, fixture token-error-invalid-client.json). */
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

/** `POST /login/{tenant}/oauth2/v2.0/token`: client secret or certificate assertion (intune-graph.md §1, §8.1). */
export async function handleLogin(ctx: RequestContext, certificate: ClientCertificate): Promise<void> {
  const state = ctx.state;
  const m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(ctx.path);
  if (!m || ctx.req.method !== 'POST') return tokenError(ctx, 404, 'invalid_request', 90002, 'Unknown endpoint.');
  const tenant = decodeURIComponent(m[1]);
  if (tenant !== state.tenantId && tenant !== 'fabrikam.example')
    return tokenError(ctx, 400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
  const form = new URLSearchParams(await readBody(ctx.req, 64 * 1024));
  let clientId = form.get('client_id');
  let secret = form.get('client_secret');
  const basic = /^Basic (\S+)$/i.exec(ctx.req.headers.authorization ?? '');
  if (basic) {
    const [id, pass] = Buffer.from(basic[1], 'base64').toString('utf8').split(':').map((p) => decodeURIComponent(p));
    clientId ??= id;
    secret ??= pass;
  }
  if (form.get('grant_type') !== 'client_credentials')
    return tokenError(ctx, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${form.get('grant_type') ?? ''}'.`);
  const scope = form.get('scope') ?? '';
  if (!scope.endsWith('/.default'))
    return tokenError(ctx, 400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  if (clientId !== state.intuneClientId)
    return tokenError(ctx, 400, 'unauthorized_client', 700016, `Application with identifier '${clientId ?? ''}' was not found in the directory '${tenant}'.`);
  const assertion = form.get('client_assertion');
  if (assertion !== null) {
    if (form.get('client_assertion_type') !== ASSERTION_TYPE)
      return tokenError(ctx, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_assertion_type'.");
    const tokenUrl = `${ctx.baseUrl}/login/${m[1]}/oauth2/v2.0/token`;
    const failure = await verifyAssertion(assertion, certificate, clientId, tokenUrl);
    if (failure) return tokenError(ctx, 401, 'invalid_client', failure.code, failure.message);
  } else if (secret === null) {
    return tokenError(ctx, 401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  } else if (secret !== state.intuneClientSecret) {
    return tokenError(ctx, 401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
  }
  const lifetime = state.settings.tokenLifetimeSeconds;
  const token = state.issueToken('intune', lifetime, state.settings.intuneRoles);
  ctx.res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store, no-cache' });
  ctx.res.end(JSON.stringify({ token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: token }));
}

async function verifyAssertion(
  assertion: string,
  certificate: ClientCertificate,
  clientId: string,
  tokenUrl: string,
): Promise<{ code: number; message: string } | null> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return { code: 50027, message: 'JWT token is invalid or malformed.' };
  }
  const alg = header.alg;
  if (alg !== 'RS256' && alg !== 'PS256') return { code: 5002738, message: `The client assertion algorithm '${String(alg)}' is not supported.` };
  const x5t = header.x5t;
  const x5tS256 = (header as Record<string, unknown>)['x5t#S256'];
  if (x5t !== certificate.thumbprintSha1 && x5tS256 !== certificate.thumbprintSha256)
    return { code: 700027, message: `Client assertion failed signature validation. The key was not found. Thumbprint of key used by client: '${String(x5t ?? x5tS256 ?? '')}'.` };
  try {
    const key = await importX509(certificate.certificatePem, alg);
    await jwtVerify(assertion, key, { audience: tokenUrl, issuer: clientId, subject: clientId, algorithms: [alg], requiredClaims: ['exp', 'jti'] });
    return null;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED') return { code: 700024, message: 'Client assertion is not within its valid time range.' };
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
      const claim = (error as { claim?: string }).claim;
      return claim === 'aud'
        ? { code: 50027, message: `JWT token is invalid. The audience claim must be '${tokenUrl}'.` }
        : { code: 700023, message: `Client assertion claim '${claim ?? ''}' is invalid.` };
    }
    return { code: 700027, message: 'Client assertion failed signature validation.' };
  }
}
