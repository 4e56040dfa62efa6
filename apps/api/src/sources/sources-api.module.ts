import { Module } from '@nestjs/common';
import { InventoryModule } from '@interdict/inventory';
import { CONNECTOR_CHECK, type ConnectorCheck } from './connector-check';
import { SourcesController, SyncRunsController } from './sources.controller';
import { createConnector } from '@interdict/connectors';

// Auth plus one cheap call against the source's MDM, with the stored (opened) secret.
const connectorCheck: ConnectorCheck = (source) =>
  createConnector(source.kind, source.settings, source.secret, { sourceName: source.name }).check();

/** Sources (CRUD, test connection, sync now) and sync runs over HTTP. */
@Module({
  imports: [InventoryModule],
  controllers: [SourcesController, SyncRunsController],
  providers: [{ provide: CONNECTOR_CHECK, useValue: connectorCheck }],
})
export class SourcesApiModule {}
