// Turns the API's OpenAPI document (a JSON file, first argument) into the dashboard's TypeScript types (stdout):
// types only, no runtime code. test/e2e/openapi-types.e2e-spec.ts runs it on the live document and compares the
// result with apps/api/web/src/api/schema.d.ts, so the client cannot drift from the API.
import { readFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';

const [file] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node scripts/openapi-types.mjs openapi.json\n');
  process.exit(2);
}
const document = JSON.parse(readFileSync(file, 'utf8'));
const ast = await openapiTS(document, { alphabetize: true, exportType: false, defaultNonNullable: false });
process.stdout.write(
  "// Generated from the API's OpenAPI document by scripts/openapi-types.mjs (`npm run openapi:types`). Do not edit.\n" +
    astToString(ast),
);
