import { Module } from '@nestjs/common';
import { InventoryModule } from '@interdict/inventory';
import { CONNECTOR_CHECK, type ConnectorCheck } from './connector-check';
import { SourcesController, SyncRunsController } from './sources.controller';
import { ApiRequestError } from '../common/api-request.error';

// libs/connectors has no connector implementations yet; "test connection" says so plainly until it does.
const unavailableCheck: ConnectorCheck = (source) =>
  Promise.reject(
    new ApiRequestError(
      'not_available',
      `No connector implementation is available for ${source.kind} sources in this build`,
    ),
  );

/** Sources (CRUD, test connection, sync now) and sync runs over HTTP. */
@Module({
  imports: [InventoryModule],
  controllers: [SourcesController, SyncRunsController],
  providers: [{ provide: CONNECTOR_CHECK, useValue: unavailableCheck }],
})
export class SourcesApiModule {}
