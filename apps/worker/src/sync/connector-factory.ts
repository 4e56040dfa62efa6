import { createConnector } from '@interdict/connectors';
import type { ConnectorFactory } from '@interdict/inventory';

/** Builds a source's connector from its kind, settings and opened secret. */
export const connectorFactory: ConnectorFactory = (source) =>
  createConnector(source.kind, source.settings, source.secret, { sourceName: source.name });
