import { DynamicModule, Global, Module } from '@nestjs/common';
import { Config } from './config';

/** Makes the process's one Config injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: Config): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: Config, useValue: config }], exports: [Config] };
  }
}
