import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CertificatePem, type CertificateRequest, generateCertificates } from './certificates';
import type { FaultRule } from './faults';
import { parseFaultRules } from './faults';
import type { CorpusEntry, FleetSummary } from './fleet';
import { corpusTitle } from './fleet';
import type { SimulatorCredentials } from './http/control-routes';
import { dispatch } from './http/dispatch';
import { thumbprints } from './http/login-routes';
import type { SimulatorSettings } from './state';
import { INTUNE_ROLES, SimulatorState } from './state';

/** Options of `startSimulator`; only `seed` and `devices` are required. */
export interface SimulatorOptions {
  seed: number;
  /** Devices per Intune tenant and, separately, per Jamf instance (Jamf: 70 % computers, 30 % mobile). */
  devices: number;
  host?: string;
  /**
   * The host name clients reach it by, when not `host` (a container's service name): its TLS certificate names it
   * and the absolute URLs it hands out (`@odata.nextLink`, export job URLs) point at it.
   */
  publicHost?: string;
  /** The client secret its Intune app and Jamf API client accept; default: a random one per start. */
  clientSecret?: string;
  /**
   * Keeps its TLS key and certificate in this directory (`key.pem`, `cert.pem`, created if missing) and reuses them
   * while they are valid for its host names, so clients that trust `cert.pem` keep trusting it across restarts.
   * Default: a new pair each start, the certificate in a temporary file (`caCertPath`).
   */
  tlsDir?: string;
  /** HTTPS port; 0 (default) picks a free one. */
  port?: number;
  /** Optional plain-HTTP listener with the same routes (for curl); 0 picks a free one. */
  httpPort?: number;
  day?: number;
  /** Day 0 as an ISO date; default: today's UTC midnight, so a demo fleet looks current. */
  baseDate?: string;
  tokenLifetimeSeconds?: number;
  jamfTokenLifetimeSeconds?: number;
  jamfVersion?: string;
  faults?: FaultRule[];
  exportPollsToComplete?: number;
  exportExpirySeconds?: number;
  exportCompression?: boolean;
  intuneRoles?: readonly string[];
  listExpandReturnsEmpty?: boolean;
  perDeviceAppsCap50?: boolean;
  bannedPrevalence?: number;
  lookalikePrevalence?: number;
  jamfBrokenMobilePrevalence?: number;
  jamfMaxInFlight?: number;
  /** Corpus mode: one device per labelled title instead of a generated fleet (see fleet/corpus.ts). */
  corpus?: readonly CorpusEntry[];
}

/** In-process equivalents of the `/_control` endpoints. */
export interface SimulatorControl {
  setDay(day: number): void;
  day(): number;
  setFaults(rules: FaultRule[]): void;
  groundTruth(): FleetSummary & { intune: FleetSummary['intune'] & { tenantId: string } };
  requestLog(): { total: number; byEndpoint: Record<string, number> };
  reset(): void;
}

/** A running simulator: where it listens, what to trust, the credentials of its tenant and instance. */
export interface RunningSimulator extends SimulatorCredentials {
  url: string;
  httpUrl?: string;
  caCertPem: string;
  /** The CA certificate on disk (for NODE_EXTRA_CA_CERTS); removed by close(). */
  caCertPath: string;
  intune: SimulatorCredentials['intune'] & {
    certificatePem: string;
    privateKeyPem: string;
    thumbprintSha1: string;
    thumbprintSha256: string;
  };
  control: SimulatorControl;
  close(): Promise<void>;
}

function todayUtcMs(): number {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

/** Settings with defaults applied; validates the few values that can be wrong. */
export function simulatorSettings(options: SimulatorOptions): SimulatorSettings {
  const check = (name: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`simulator: ${name} must be a whole number from ${min} to ${max} (got ${value})`);
  };
  check('seed', options.seed, 0, 2 ** 31 - 1);
  check('devices', options.devices, 1, 1_000_000);
  const baseDateMs = options.baseDate !== undefined ? Date.parse(options.baseDate) : todayUtcMs();
  if (Number.isNaN(baseDateMs))
    throw new Error(`simulator: baseDate must be an ISO date (got "${options.baseDate}")`);
  return {
    seed: options.seed,
    devices: options.devices,
    baseDateMs,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
    jamfTokenLifetimeSeconds: options.jamfTokenLifetimeSeconds ?? 1800,
    jamfVersion: options.jamfVersion ?? '11.30.1-t1784555528405',
    exportPollsToComplete: options.exportPollsToComplete ?? 2,
    exportExpirySeconds: options.exportExpirySeconds ?? 6 * 3600,
    exportCompression: options.exportCompression ?? false,
    intuneRoles: options.intuneRoles ?? INTUNE_ROLES,
    listExpandReturnsEmpty: options.listExpandReturnsEmpty ?? true,
    perDeviceAppsCap50: options.perDeviceAppsCap50 ?? false,
    bannedPrevalence: options.bannedPrevalence ?? 0.02,
    lookalikePrevalence: options.lookalikePrevalence ?? 0.02,
    jamfBrokenMobilePrevalence: options.jamfBrokenMobilePrevalence ?? 0,
    jamfMaxInFlight: options.jamfMaxInFlight ?? 0,
    corpus: options.corpus?.map(corpusTitle),
    clientSecret: options.clientSecret,
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  // Long keep-alive, like the cloud front ends: a full fleet walk (ground truth) can stall the loop for seconds,
  // and a 5 s server timeout would then race clients reusing idle sockets.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

const LOCAL_NAMES = ['localhost', '127.0.0.1', '::1'];

/** The server certificate: self-signed CA for localhost, loopback and `names`. */
function serverCertificateRequest(names: readonly string[]): CertificateRequest {
  const altNames = [...new Set([...LOCAL_NAMES, ...names])].map((name) =>
    isIP(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name },
  );
  return [
    [{ name: 'commonName', value: 'localhost' }],
    {
      keySize: 2048,
      notAfterDate: new Date(Date.now() + 365 * 86_400_000),
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames },
      ],
    },
  ];
}

/** The key pair kept in `dir`, if there is one valid for another day and for every name. */
function readKeptCertificate(dir: string, names: readonly string[]): CertificatePem | null {
  const [keyPath, certPath] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  if (!existsSync(keyPath) || !existsSync(certPath)) return null;
  const pem = { private: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };
  try {
    const x509 = new X509Certificate(pem.cert);
    const fresh = Date.parse(x509.validTo) > Date.now() + 86_400_000;
    const covers = [...LOCAL_NAMES, ...names].every((n) => (isIP(n) ? x509.checkIP(n) : x509.checkHost(n)));
    return fresh && covers && x509.checkPrivateKey(createPrivateKey(pem.private)) ? pem : null;
  } catch {
    return null;
  }
}

function keepCertificate(dir: string, pem: CertificatePem): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'key.pem'), pem.private, { mode: 0o600 });
  writeFileSync(join(dir, 'cert.pem'), pem.cert, { mode: 0o644 });
}

/**
 * Starts the Intune + Jamf simulator on one HTTPS port (and optionally one HTTP port).
 * Long because it wires the simulator's parts (certificate, state, routes, listeners, shutdown) in start order.
 */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const settings = simulatorSettings(options);
  const state = new SimulatorState(settings, options.day ?? 0);
  if (options.faults) state.faults.set(parseFaultRules(options.faults));
  const host = options.host ?? '127.0.0.1';
  const names = [host, ...(options.publicHost ? [options.publicHost] : [])].filter(
    (name) => name !== '0.0.0.0' && name !== '::',
  );
  const kept = options.tlsDir ? readKeptCertificate(options.tlsDir, names) : null;
  const [client, generated] = await generateCertificates([
    [
      [{ name: 'commonName', value: 'interdict-intune-reader' }],
      { keySize: 2048, notAfterDate: new Date(Date.now() + 365 * 86_400_000) },
    ],
    ...(kept ? [] : [serverCertificateRequest(names)]),
  ]);
  const tls = kept ?? generated;
  if (options.tlsDir && !kept) keepCertificate(options.tlsDir, tls);
  const prints = thumbprints(client.cert);
  const clientCertificate = {
    certificatePem: client.cert,
    thumbprintSha1: prints.sha1,
    thumbprintSha256: prints.sha256,
  };
  const credentials = (baseUrl: string): SimulatorCredentials => ({
    intune: {
      tenantId: state.tenantId,
      clientId: state.intuneClientId,
      clientSecret: state.intuneClientSecret,
      loginBaseUrl: `${baseUrl}/login`,
      tokenUrl: `${baseUrl}/login/${state.tenantId}/oauth2/v2.0/token`,
      graphBaseUrl: `${baseUrl}/graph`,
      scope: 'https://graph.microsoft.com/.default',
    },
    jamf: {
      baseUrl: `${baseUrl}/jamf`,
      clientId: state.jamfClientId,
      clientSecret: state.jamfClientSecret,
      username: state.jamfUsername,
      password: state.jamfPassword,
    },
  });
  let httpsUrl = '';
  let httpUrl = '';
  const deps = { state, clientCertificate, credentials };
  const https = createHttpsServer(
    { key: tls.private, cert: tls.cert },
    (req, res) => void dispatch(deps, httpsUrl, req, res),
  );
  const servers: Server[] = [https];
  const httpsPort = await listen(https, options.port ?? 0, host);
  const publicHost = urlHost(
    options.publicHost ?? (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host),
  );
  httpsUrl = `https://${publicHost}:${httpsPort}`;
  if (options.httpPort !== undefined) {
    const http = createHttpServer((req, res) => void dispatch(deps, httpUrl, req, res));
    servers.push(http);
    httpUrl = `http://${publicHost}:${await listen(http, options.httpPort, host)}`;
  }
  const dir = options.tlsDir ? null : mkdtempSync(join(tmpdir(), 'interdict-sim-'));
  const caCertPath = dir ? join(dir, 'simulator-ca.pem') : join(options.tlsDir!, 'cert.pem');
  if (dir) writeFileSync(caCertPath, tls.cert);
  const base = credentials(httpsUrl);
  return {
    url: httpsUrl,
    ...(httpUrl ? { httpUrl } : {}),
    caCertPem: tls.cert,
    caCertPath,
    intune: {
      ...base.intune,
      certificatePem: client.cert,
      privateKeyPem: client.private,
      thumbprintSha1: prints.sha1,
      thumbprintSha256: prints.sha256,
    },
    jamf: base.jamf,
    control: {
      setDay: (day) => state.setDay(day),
      day: () => state.day,
      setFaults: (rules) => state.faults.set(parseFaultRules(rules)),
      groundTruth: () => {
        const summary = state.summary();
        return { ...summary, intune: { tenantId: state.tenantId, ...summary.intune } };
      },
      requestLog: () => state.requestLog.snapshot(),
      reset: () => state.reset(),
    },
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
