import { readAllSettings, SettingReader } from '@interdict/config';

/** Every environment variable name the config reads. */
export function readAllSettingsForTest(): Set<string> {
  const reader = new SettingReader({ env: {}, yaml: {}, yamlOrigin: () => '' });
  readAllSettings(reader);
  return new Set(reader.envNames.values());
}
