import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorState } from '../state';

/** One request as the route handlers see it. */
export interface RequestContext {
  state: SimulatorState;
  /** Base URL of the listener the request came in on, for absolute links (https or the optional http). */
  baseUrl: string;
  req: IncomingMessage;
  res: ServerResponse;
  /** Path below the side's prefix, e.g. `/v1.0/deviceManagement/managedDevices`. */
  path: string;
  query: URLSearchParams;
}
