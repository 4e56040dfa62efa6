import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CatalogPlatform } from '@interdict/catalog';
import type { Platform } from '@interdict/connectors';
import { REPORT_FORMATS, REPORT_TYPES } from '@interdict/reports';
import { REPORT_FORMAT_LABELS, REPORT_TYPE_LABELS } from '../apps/api/web/src/state/report-types';

// Each domain rule is written once. A second spelling of one of these in production code fails here; use the one
// definition named in the message instead.
const root = join(__dirname, '..');

/** Production TypeScript of the apps and libs: no tests, test helpers, migrations or the MDM simulator's own world. */
function productionFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return ['node_modules', 'testing', 'migrations', 'mdm-simulator'].includes(name)
        ? []
        : productionFiles(path);
    return /\.ts$/.test(name) && !/\.(spec|db-spec|e2e-spec)\.ts$/.test(name) ? [path] : [];
  });
}
const files = [...productionFiles(join(root, 'apps')), ...productionFiles(join(root, 'libs'))].map(
  (path) => ({
    path: relative(root, path),
    text: readFileSync(path, 'utf8'),
  }),
);

const rules: { rule: string; pattern: RegExp; home: string }[] = [
  {
    rule: 'the platform list',
    pattern: /\[\s*'windows',\s*'macos',\s*'ios'/,
    home: 'libs/catalog/src/catalog.schema.ts',
  },
  {
    rule: 'overdue: open and past due',
    // Open and past due, or a due date compared with now outside the one definition.
    pattern: /status\s*=\s*'open'\s+AND\s+(\$\{\w+\}\.|\w+\.)?due_at\s*<=|\bdue_at\s*<=\s*(\$\d|now\(\))/i,
    home: 'libs/exposure/src/exposures/due-date.ts',
  },
  {
    rule: 'the last successful sync of a source',
    pattern: /max\(\s*(\w+\.)?finished_at\s*\)[\s\S]{0,120}?status\s*=\s*'succeeded'/i,
    home: 'libs/database/src/sync-run.queries.ts',
  },
  {
    rule: 'the report formats',
    pattern: /\[\s*'xlsx',\s*'csv'\s*\]/,
    home: 'libs/database/src/outbox.ts',
  },
  {
    rule: 'a covered device',
    pattern: /apps_reported\s+AND\s+coalesce\(\s*(\$\{\w+\}\.|\w+\.)?last_check_in_at\s*>=/i,
    home: 'libs/exposure/src/exposures/coverage.queries.ts',
  },
];

describe('each domain rule is written once', () => {
  it('reads the production code', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it.each(rules)('$rule: only in $home', ({ pattern, home }) => {
    expect(files.filter((f) => pattern.test(f.text)).map((f) => f.path)).toEqual([home]);
  });

  it("the dashboard's report types and formats are the API's", () => {
    // The dashboard's lists are typed by the OpenAPI document (a missing or extra key fails its type check); this
    // ties them to the source list itself, in order.
    expect(Object.keys(REPORT_TYPE_LABELS)).toEqual([...REPORT_TYPES]);
    expect(Object.keys(REPORT_FORMAT_LABELS)).toEqual([...REPORT_FORMATS]);
  });

  it("the connectors' platforms are the catalog's", () => {
    // Fails to compile when the two drift apart: the connectors cannot import the catalog, so they are tied here.
    const same: [Platform] extends [CatalogPlatform]
      ? [CatalogPlatform] extends [Platform]
        ? true
        : false
      : false = true;
    expect(same).toBe(true);
  });
});
