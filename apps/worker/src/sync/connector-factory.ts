import { InventoryError, type ConnectorFactory } from '@interdict/inventory';

/**
 * Builds a source's connector. The connectors lib's `createConnector` is wired here once it lands; until then every
 * sync fails with a clear code instead of pretending.
 */
export const connectorFactory: ConnectorFactory = (source) => {
  throw new InventoryError(
    'connector_failed',
    `No connector implementation is available for ${source.kind} sources in this build`,
  );
};
