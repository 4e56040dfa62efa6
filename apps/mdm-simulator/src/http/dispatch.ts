import type { IncomingMessage, ServerResponse } from 'node:http';
import { getLogger } from '@interdict/logger';
import type { FaultRule } from '../faults';
import type { SimulatorState } from '../state';
import type { RequestContext } from './context';
import type { SimulatorCredentials } from './control-routes';
import { handleControl } from './control-routes';
import { handleBlob } from './export-jobs';
import { handleGraph } from './graph-routes';
import { handleJamf } from './jamf-routes';
import type { ClientCertificate } from './login-routes';
import { handleLogin } from './login-routes';
import { GRAPH_JSON, graphErrorBody, graphHeaders } from './respond';

const log = getLogger('MdmSimulator');

/** What the request handler needs besides the request. */
export interface DispatchDeps {
  state: SimulatorState;
  clientCertificate: ClientCertificate;
  credentials: (baseUrl: string) => SimulatorCredentials;
}

const TOKEN_PATHS = /^\/login\/|^\/jamf\/api\/(v1\/)?oauth\/token$|^\/jamf\/api\/v1\/auth\/token$/;

// Intune's wrapped message: a JSON document inside the message string (fixture error-429-intune-wrapped.json).
function wrappedMessage(activityId: string): string {
  return JSON.stringify(
    {
      _version: 3,
      Message: `An error has occurred - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: ${activityId} - Url: https://fef.msub02.manage.microsoft.com/DeviceFE/StatelessDeviceFEService/deviceManagement/managedDevices?api-version=5024-03-01`,
      CustomApiErrorPhrase: '',
      RetryAfter: null,
      ErrorSourceService: '',
      HttpHeaders: '{}',
    },
    null,
    2,
  ).replace(/\n/g, '\r\n');
}

/**
 * Applies a fault; true when the request is answered (or dropped) and must not be handled normally.
 * Long because it is one switch over the faults the simulator can inject, a few lines each.
 */
async function applyFault(
  rule: FaultRule,
  side: 'intune' | 'jamf',
  req: IncomingMessage,
  res: ServerResponse,
  state: SimulatorState,
): Promise<boolean> {
  const retry = rule.retryAfterSeconds === undefined ? 1 : rule.retryAfterSeconds;
  const retryHeader: Record<string, string> = retry === null ? {} : { 'retry-after': String(retry) };
  switch (rule.kind) {
    case 'slow':
      await new Promise((resolve) => setTimeout(resolve, rule.delayMs ?? 1000));
      return false;
    case 'expireToken': {
      const m = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '');
      const issued = m ? state.tokens.get(m[1]) : undefined;
      if (issued) issued.expiresAtMs = 0;
      return false;
    }
    case 'reset':
      req.socket.destroy();
      return true;
    case 'malformed':
      res.writeHead(200, {
        'content-type': side === 'intune' ? GRAPH_JSON : 'application/json;charset=UTF-8',
      });
      res.end(
        side === 'intune'
          ? '{"@odata.context":"$metadata#deviceManagement/managedDevices","value":[{"id":"2f9986e5-ed8a-4e3f'
          : '{\n  "totalCount" : 5,\n  "results" : [ {\n    "id" : "1",\n    "udid" : ',
      );
      return true;
    case 'notFound':
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"httpStatus":404,"errors":[{"code":"NOT_FOUND","description":"Not Found"}]}');
      return true;
    case 'gatewayTimeout':
      res.writeHead(504, { 'content-type': 'text/html' });
      res.end(
        '<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1></center></body></html>',
      );
      return true;
    case 'throttle':
    case 'unavailable': {
      const status = rule.kind === 'throttle' ? 429 : 503;
      if (side === 'jamf') {
        res.writeHead(status, { 'content-type': 'text/html', ...retryHeader });
        res.end(`<html><body><h1>${status}</h1></body></html>`);
        return true;
      }
      const headers = graphHeaders(req);
      const code = rule.kind === 'throttle' ? 'TooManyRequests' : 'ServiceUnavailable';
      const message = rule.wrapped
        ? wrappedMessage(headers['request-id'])
        : rule.kind === 'throttle'
          ? 'Too many requests.'
          : 'Service unavailable.';
      res.writeHead(status, { 'content-type': 'application/json', ...headers, ...retryHeader });
      res.end(graphErrorBody(code, message, headers));
      return true;
    }
  }
}

/** Handles one HTTP request of either listener. */
export async function dispatch(
  deps: DispatchDeps,
  baseUrl: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { state } = deps;
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  const prefix = /^\/([^/]+)/.exec(path)?.[1] ?? '';
  const rest = path.slice(prefix.length + 1);
  const ctx: RequestContext = { state, baseUrl, req, res, path: rest, query: url.searchParams };
  try {
    if (prefix === '_control') return await handleControl(ctx, () => deps.credentials(baseUrl));
    if (path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
      return;
    }
    const side = prefix === 'jamf' ? 'jamf' : 'intune';
    state.requestLog.record(method, path);
    const rule = state.faults.pick(side, path, TOKEN_PATHS.test(path));
    if (rule && (await applyFault(rule, side, req, res, state))) return;
    switch (prefix) {
      case 'login':
        return await handleLogin(ctx, deps.clientCertificate);
      case 'graph':
        return await handleGraph(ctx);
      case 'blob':
        return handleBlob(ctx);
      case 'jamf':
        return await handleJamf(ctx);
      default:
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: `no route ${method} ${path}` }));
    }
  } catch (error) {
    if ((error as Error).message === 'client went away') return;
    log.error({ err: error, method, path }, 'simulator request failed');
    if (!res.headersSent) {
      const headers = graphHeaders(req);
      res.writeHead(500, { 'content-type': 'application/json', ...headers });
      res.end(graphErrorBody('InternalServerError', 'An internal server error occurred.', headers));
    } else {
      res.destroy();
    }
  }
}
