export { Config, readAllSettings, type ConfigValues } from './config';
export { ConfigError } from './config.errors';
export { ConfigModule } from './config.module';
export { loadConfig, type LoadConfigOptions } from './load-config';
export { SettingReader, type SettingOptions } from './setting-reader';
export * as parsers from './parsers';
export { loadConfigOrExit } from './load-config-or-exit';
export { JURISDICTIONS, SECTORS, type Sector } from './sections/policy.section';
export { publicBaseUrl } from './sections/core.section';
