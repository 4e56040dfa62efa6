import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { AuditInterceptor, AuthGuard, AuthModule, Public } from '@interdict/auth';
import { type Config, ConfigModule } from '@interdict/config';
import { type DatabaseRuntime, DatabaseModule, HealthModule } from '@interdict/database';
import { MetricsListenerModule, MetricsModule } from '@interdict/logger';
import { ApiKeysApiModule } from './api-keys/api-keys-api.module';
import { CatalogApiModule } from './catalog/catalog-api.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { DataChangeInterceptor } from './common/data-change.interceptor';
import { HotReadsModule } from './common/hot-reads';
import { createValidationPipe } from './common/validation';
import { DevicesApiModule } from './devices/devices-api.module';
import { ExceptionsApiModule } from './exceptions/exceptions-api.module';
import { ExposureApiModule } from './exposure/exposure-api.module';
import { ExposuresApiModule } from './exposures/exposures-api.module';
import { SoftwareApiModule } from './software/software-api.module';
import { SourcesApiModule } from './sources/sources-api.module';
import { WebhooksApiModule } from './webhooks/webhooks-api.module';
import { ReportsApiModule } from './reports/reports-api.module';

// /health and /ready live in libs/database, below libs/auth, so they are marked public here.
for (const controller of (Reflect.getMetadata('controllers', HealthModule) ?? []) as object[]) {
  Public()(controller as never);
}

/** The HTTP door: REST under /api/v1 (each controller declares its full `api/v1/<feature>` path), health, OpenAPI, dashboard. */
@Module({})
export class ApiModule {
  static register(config: Config, db: DatabaseRuntime, opts: { ownsDatabase?: boolean } = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRuntime(db, { ownsLifecycle: opts.ownsDatabase }),
        DiscoveryModule,
        HealthModule,
        // On its own port when one is set (a published API port then does not publish metrics), else on this one.
        config.http.metricsPort === undefined
          ? MetricsModule
          : MetricsListenerModule.listen(config.http.metricsPort, config.http.host),
        AuthModule,
        HotReadsModule,
        ApiKeysApiModule,
        CatalogApiModule,
        ExposureApiModule,
        ExposuresApiModule,
        DevicesApiModule,
        SoftwareApiModule,
        ExceptionsApiModule,
        SourcesApiModule,
        WebhooksApiModule,
        ReportsApiModule,
      ],
      providers: [
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_INTERCEPTOR, useExisting: AuditInterceptor },
        { provide: APP_INTERCEPTOR, useClass: DataChangeInterceptor },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
