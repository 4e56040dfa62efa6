import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

const root = join(__dirname, '..', '..');
const CHECKED_IN = join(root, 'apps', 'api', 'web', 'src', 'api', 'schema.d.ts');

// The dashboard's API types are generated from the live OpenAPI document and checked in; this fails when they differ,
// so the client cannot drift from the API. `npm run openapi:types` rewrites them.
describe('the dashboard API types', () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await startApiTestApp();
  });
  afterAll(async () => t?.close());

  it('are what scripts/openapi-types.mjs makes of the OpenAPI document', async () => {
    const doc = await (await fetch(`${t.url}/api/docs/openapi.json`)).text();
    const file = join(mkdtempSync(join(tmpdir(), 'interdict-openapi-')), 'openapi.json');
    writeFileSync(file, doc);
    const generated = execFileSync(process.execPath, [join(root, 'scripts', 'openapi-types.mjs'), file], {
      encoding: 'utf8',
    });
    expect(generated).toContain('export interface paths');
    if (process.env.OPENAPI_TYPES_WRITE === '1') writeFileSync(CHECKED_IN, generated);
    const checkedIn = readFileSync(CHECKED_IN, 'utf8');
    if (checkedIn !== generated) {
      const a = checkedIn.split('\n');
      const b = generated.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      throw new Error(
        `apps/api/web/src/api/schema.d.ts is not what the API documents (first difference at line ${line + 1}:\n` +
          `  checked in: ${a[line]}\n  generated:  ${b[line]}).\nRun \`npm run openapi:types\` and commit it.`,
      );
    }
  });
});
