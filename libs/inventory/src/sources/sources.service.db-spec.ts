import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadConfig } from '@interdict/config';
import { createTestDatabase, type TestDatabase } from '@interdict/testing';
import { SourcesService, type DeclaredSource } from './sources.service';

describe('SourcesService: declared sources and source URLs', () => {
  let db: TestDatabase;
  let sources: SourcesService;

  beforeEach(async () => {
    db = await createTestDatabase();
    const config = loadConfig({
      configDir: join(__dirname, 'no-such-dir'),
      env: {
        NODE_ENV: 'production',
        INTERDICT_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        SOURCES_ALLOWLIST: 'jamf.corp.example,10.20.0.0/16',
      },
    });
    sources = new SourcesService(db.dataSource, config);
  });
  afterEach(() => db.drop());

  const jamf = (name: string, baseUrl: string): DeclaredSource => ({
    name,
    kind: 'jamf',
    enabled: true,
    schedule: null,
    settings: { baseUrl, clientId: 'client' },
    clientSecret: 'declared-secret',
  });

  it('applies declared sources whose URLs the policy allows (an allowlisted on-premises Jamf Pro)', async () => {
    await expect(
      sources.applyDeclared([
        jamf('Cloud', 'https://203.0.113.10'),
        jamf('On-prem', 'https://10.20.0.5:8443'),
      ]),
    ).resolves.toEqual({ upserted: 2, disabled: 0 });
    expect((await sources.list()).map((s) => s.name)).toEqual(['Cloud', 'On-prem']);
  });

  it('refuses a declared source pointing at a refused address, naming the entry and the field, storing nothing', async () => {
    for (const [url, why] of [
      ['http://169.254.169.254/', /must use https/],
      ['https://169.254.169.254/', /cloud metadata/],
      ['https://[::ffff:a9fe:a9fe]/', /cloud metadata/],
      ['https://192.168.0.9/', /private, loopback or link-local .* sync\.sourceAllowlist/],
    ] as const) {
      const err = await sources.applyDeclared([jamf('Bad', url)]).catch((e: unknown) => e);
      expect(err).toMatchObject({ field: 'settings.baseUrl', message: expect.stringMatching(why) });
      expect((err as Error).message).toMatch(/^sources: "Bad": settings\.baseUrl /);
    }
    expect(await sources.list()).toEqual([]);
    // A good entry before a bad one is not written either.
    await expect(
      sources.applyDeclared([jamf('Good', 'https://10.20.0.5'), jamf('Bad', 'https://10.99.0.5')]),
    ).rejects.toMatchObject({ code: 'unsafe_url' });
    expect(await sources.list()).toEqual([]);
  });

  it('refuses changing a declared source to a refused address and keeps the stored one', async () => {
    await sources.applyDeclared([jamf('On-prem', 'https://10.20.0.5:8443')]);
    await expect(sources.applyDeclared([jamf('On-prem', 'https://10.99.0.5:8443')])).rejects.toMatchObject({
      code: 'unsafe_url',
    });
    expect((await sources.list())[0].settings.baseUrl).toBe('https://10.20.0.5:8443');
  });
});
