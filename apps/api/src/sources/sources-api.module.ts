import { Module } from '@nestjs/common';
import { Config } from '@interdict/config';
import { createConnector } from '@interdict/connectors';
import { InventoryModule } from '@interdict/inventory';
import { outboundPolicyFromConfig } from '@interdict/outbound';
import { CONNECTOR_CHECK, type ConnectorCheck } from './connector-check';
import { SourcesController, SyncRunsController } from './sources.controller';

// Auth plus one cheap call against the source's MDM, with the stored (opened) secret, under the outbound policy:
// the secret is never sent to an address the policy refuses.
function connectorCheckFor(config: Config): ConnectorCheck {
  const policy = outboundPolicyFromConfig(config, 'sources');
  return (source) =>
    createConnector(source.kind, source.settings, source.secret, { sourceName: source.name, policy }).check();
}

/** Sources (CRUD, test connection, sync now) and sync runs over HTTP. */
@Module({
  imports: [InventoryModule],
  controllers: [SourcesController, SyncRunsController],
  providers: [{ provide: CONNECTOR_CHECK, inject: [Config], useFactory: connectorCheckFor }],
})
export class SourcesApiModule {}
