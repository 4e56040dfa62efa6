import type { Config } from '@interdict/config';
import { createConnector } from '@interdict/connectors';
import type { ConnectorFactory } from '@interdict/inventory';
import { outboundPolicyFromConfig } from '@interdict/outbound';

/** Builds a source's connector from its kind, settings and opened secret, under the sources' outbound policy. */
export function connectorFactoryFor(config: Config): ConnectorFactory {
  const policy = outboundPolicyFromConfig(config, 'sources');
  return (source) =>
    createConnector(source.kind, source.settings, source.secret, { sourceName: source.name, policy });
}
