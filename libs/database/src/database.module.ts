import { DynamicModule, Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DatabaseRuntime } from './database-runtime';

export const DATABASE_RUNTIME = Symbol('DATABASE_RUNTIME');

class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(private readonly runtime: DatabaseRuntime) {}
  async onApplicationShutdown(): Promise<void> {
    await this.runtime.close();
  }
}

/** Provides the process's DataSource; closes it (and any embedded cluster) when the app shuts down. */
@Global()
@Module({})
export class DatabaseModule {
  static forRuntime(runtime: DatabaseRuntime, opts: { ownsLifecycle?: boolean } = {}): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE_RUNTIME, useValue: runtime },
        { provide: DataSource, useValue: runtime.dataSource },
        ...(opts.ownsLifecycle === false
          ? []
          : [{ provide: DatabaseLifecycle, useFactory: () => new DatabaseLifecycle(runtime) }]),
      ],
      exports: [DataSource, DATABASE_RUNTIME],
    };
  }
}
