import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// Reads and writes of the database live in the libs that own the data; apps map HTTP, jobs and CLIs onto lib calls.
const root = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.ts$/.test(name) && !/\.(spec|db-spec|e2e-spec)\.ts$/.test(name) ? [path] : [];
  });
}

/** The text with comments removed, so prose about SQL (e.g. "FOR UPDATE SKIP LOCKED") is not taken for SQL. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const SQL = /\b(SELECT\s+[\w*(]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TEMP\s+)?TABLE)\b/;
const DB_CALL = /\.(query|createQueryRunner|getRepository)\s*[<(]|\bqueryRows\s*[<(]/;

describe('no SQL in apps/', () => {
  const files = sourceFiles(join(root, 'apps')).map((path) => ({
    path: relative(root, path),
    code: withoutComments(readFileSync(path, 'utf8')),
  }));

  it('reads every app', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('no production file in apps/ holds SQL text or talks to the database directly', () => {
    expect(files.filter((f) => SQL.test(f.code) || DB_CALL.test(f.code)).map((f) => f.path)).toEqual([]);
  });

  it('would notice SQL if it came back', () => {
    expect(SQL.test(withoutComments('const q = `SELECT d.id FROM device d`;'))).toBe(true);
    expect(DB_CALL.test('await this.db.query<Row[]>(text)')).toBe(true);
    expect(SQL.test(withoutComments('// claims with FOR UPDATE SKIP LOCKED, then SELECT stays prose'))).toBe(
      false,
    );
  });
});

describe('file names say what a file is (docs/conventions.md §2)', () => {
  const all = [...sourceFiles(join(root, 'apps')), ...sourceFiles(join(root, 'libs'))].map((p) =>
    relative(root, p),
  );

  it('uses one suffix per kind: .request for input, .view for output, .queries or .repository for SQL', () => {
    const retired = /(\.(views|responses?|requests|query|sql)|-queries)\.ts$/;
    expect(all.filter((p) => retired.test(p))).toEqual([]);
  });

  it('keeps SQL files out of apps/', () => {
    expect(all.filter((p) => p.startsWith('apps/') && /\.(queries|repository)\.ts$/.test(p))).toEqual([]);
  });
});
