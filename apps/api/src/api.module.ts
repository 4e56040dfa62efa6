import { type DynamicModule, Module } from '@nestjs/common';
import { type Config, ConfigModule } from '@interdict/config';
import { type DatabaseRuntime, DatabaseModule, HealthModule } from '@interdict/database';

/** The HTTP door: REST under /api/v1, health, and (later) the dashboard. */
@Module({})
export class ApiModule {
  static register(config: Config, db: DatabaseRuntime, opts: { ownsDatabase?: boolean } = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRuntime(db, { ownsLifecycle: opts.ownsDatabase }),
        HealthModule,
      ],
    };
  }
}
