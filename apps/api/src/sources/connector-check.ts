import type { SourceHealth } from '@interdict/connectors';
import type { SourceForSync } from '@interdict/inventory';

/** Runs a source's connector `check()` (auth + one cheap call). Provided by the app that has connectors wired. */
export type ConnectorCheck = (source: SourceForSync) => Promise<SourceHealth>;
/** Injection token of the ConnectorCheck. */
export const CONNECTOR_CHECK = Symbol('CONNECTOR_CHECK');
