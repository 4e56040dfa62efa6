import { parseFaultRules } from '../faults';
import type { RequestContext } from './context';
import { readBody, sendJson } from './respond';

/** Credentials and URLs of a running simulator (what the control endpoint `/_control/credentials` returns). */
export interface SimulatorCredentials {
  intune: {
    tenantId: string;
    clientId: string;
    clientSecret: string;
    loginBaseUrl: string;
    tokenUrl: string;
    graphBaseUrl: string;
    scope: string;
  };
  jamf: { baseUrl: string; clientId: string; clientSecret: string; username: string; password: string };
}

/** `/_control/…`: ground truth, day, faults, request counts, reset (README). Never faulted, never counted. */
export async function handleControl(
  ctx: RequestContext,
  credentials: () => SimulatorCredentials,
): Promise<void> {
  const state = ctx.state;
  const method = ctx.req.method ?? 'GET';
  const route = `${method} ${ctx.path}`;
  const bodyJson = async (): Promise<Record<string, unknown>> => {
    const text = await readBody(ctx.req);
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('body must be a JSON object');
    return parsed as Record<string, unknown>;
  };
  try {
    switch (route) {
      case 'GET /ground-truth': {
        const summary = state.summary();
        return sendJson(ctx.res, 200, {
          ...summary,
          intune: { tenantId: state.tenantId, ...summary.intune },
        });
      }
      case 'GET /day':
        return sendJson(ctx.res, 200, { day: state.day });
      case 'POST /day': {
        const day = (await bodyJson()).day;
        if (typeof day !== 'number' || !Number.isInteger(day) || day < 0 || day > 3650)
          return sendJson(ctx.res, 400, { error: 'day must be a whole number from 0 to 3650' });
        state.setDay(day);
        return sendJson(ctx.res, 200, { day });
      }
      case 'GET /faults':
        return sendJson(ctx.res, 200, { rules: state.faults.describe() });
      case 'POST /faults': {
        const rules = parseFaultRules((await bodyJson()).rules);
        state.faults.set(rules);
        return sendJson(ctx.res, 200, { rules: state.faults.describe() });
      }
      case 'GET /requests':
        return sendJson(ctx.res, 200, state.requestLog.snapshot());
      case 'POST /requests/clear':
        state.requestLog.clear();
        return sendJson(ctx.res, 200, state.requestLog.snapshot());
      case 'POST /reset':
        state.reset();
        return sendJson(ctx.res, 200, { day: state.day });
      case 'GET /credentials':
        return sendJson(ctx.res, 200, credentials());
      default:
        return sendJson(ctx.res, 404, { error: `no control endpoint ${route}` });
    }
  } catch (error) {
    return sendJson(ctx.res, 400, { error: (error as Error).message });
  }
}
