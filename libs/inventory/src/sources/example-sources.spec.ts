import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@interdict/config';
import { checkSourceSettings } from './source-settings';

const EXAMPLE = join(__dirname, '..', '..', '..', '..', 'config', 'interdict.example.yaml');

/** The commented `sources:` examples of the example config, uncommented one level. */
function exampleSources(): string {
  const text = readFileSync(EXAMPLE, 'utf8');
  const block = text.slice(text.indexOf('\nsources: []\n') + 1).split('\n');
  const entries = block.filter((l) => /^# {2}/.test(l)).map((l) => l.slice(1));
  return `sources:\n${entries.join('\n')}\n`;
}

describe("the example configuration's sources", () => {
  it('are valid declared sources for the config loader and the connectors, Intune and Jamf', () => {
    const yaml = exampleSources();
    expect(yaml).toContain('kind: jamf');
    const dir = mkdtempSync(join(tmpdir(), 'interdict-example-sources-'));
    writeFileSync(join(dir, 'sources.yaml'), yaml);
    const config = loadConfig({
      env: { INTUNE_CLIENT_SECRET: 'intune-secret', JAMF_CLIENT_SECRET: 'jamf-secret' },
      configDir: dir,
    });
    expect(config.sync.sources.map((s) => [s.name, s.kind, s.clientSecret])).toEqual([
      ['Contoso Intune', 'intune', 'intune-secret'],
      ['Contoso Jamf', 'jamf', 'jamf-secret'],
    ]);
    for (const s of config.sync.sources) expect(() => checkSourceSettings(s.kind, s.settings)).not.toThrow();
  });
});
