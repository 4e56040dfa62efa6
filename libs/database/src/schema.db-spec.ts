import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@interdict/testing';
import type { Device, Row } from './index';

/**
 * The entities are the one description of the schema: row types are derived from them (`Row<E>` in sql.ts), so
 * this file proves the chain migrations → entity decorators → entity TypeScript types → row keys, link by link.
 */

const ENTITY_DIR = join(__dirname, 'entities');

/** Statements TypeORM's schema builder would run to make the tables match the entities, columns only. */
async function columnDrift(ds: DataSource): Promise<string[]> {
  const { upQueries } = await ds.driver.createSchemaBuilder().log();
  // Indexes, constraints, defaults and foreign keys live in the migrations alone (entities do not declare them),
  // so the builder always proposes dropping those; what must never differ is a table, a column, its type or NULL.
  const columnLevel =
    /CREATE TABLE|DROP TABLE|ADD "|ADD COLUMN|DROP COLUMN|RENAME COLUMN|ALTER COLUMN "[^"]+" (TYPE|SET NOT NULL|DROP NOT NULL)/;
  return upQueries.map((q) => q.query).filter((q) => columnLevel.test(q));
}

/** Tables in the database without an entity, and entities without a table. */
async function tableDrift(ds: DataSource): Promise<string[]> {
  const tables = (
    await ds.query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migration'`,
    )
  ).map((t) => t.table_name);
  const entities = ds.entityMetadatas.map((m) => m.tableName);
  return [
    ...tables.filter((t) => !entities.includes(t)).map((t) => `table ${t} has no entity`),
    ...entities.filter((e) => !tables.includes(e)).map((e) => `entity ${e} has no table`),
  ];
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The TypeScript a column's values arrive as from node-postgres, by Postgres type. */
const TS_OF: Record<string, RegExp> = {
  text: /^(string|'[^']*'( \| '[^']*')*)$/,
  uuid: /^string$/,
  bigint: /^string$/, // int8 arrives as a string: it may exceed 2^53
  integer: /^number$/,
  smallint: /^number$/,
  boolean: /^boolean$/,
  timestamptz: /^Date$/,
  date: /^Date$/,
  bytea: /^Buffer$/,
  jsonb: /^(Record<string, unknown>|unknown|[A-Z]\w*)$/,
  inet: /^string$/,
};

interface DeclaredColumn {
  where: string;
  /** The declared type without `| null` and, for arrays, without `[]`. */
  tsType: string;
  tsNullable: boolean;
  pgType: string;
  nullable: boolean;
}

/** Every decorated property of the entity sources, with its decorator options and its declared type. */
function declaredColumns(dir: string): DeclaredColumn[] {
  const out: DeclaredColumn[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.entity.ts'))) {
    const source = ts.createSourceFile(
      file,
      readFileSync(join(dir, file), 'utf8'),
      ts.ScriptTarget.ES2022,
      true,
    );
    source.forEachChild(function visit(node) {
      if (ts.isPropertyDeclaration(node) && node.type) {
        const decorator = ts.getDecorators(node)?.[0];
        if (!decorator || !ts.isCallExpression(decorator.expression)) return;
        const args = decorator.expression.arguments;
        const options = args.find(ts.isObjectLiteralExpression);
        const option = (name: string) =>
          options?.properties
            .filter(ts.isPropertyAssignment)
            .find((p) => p.name.getText(source) === name)
            ?.initializer.getText(source);
        const text = node.type.getText(source);
        const array = option('array') === 'true';
        const pgType = (option('type') ?? args.find(ts.isStringLiteral)?.getText(source) ?? '').replace(
          /'/g,
          '',
        );
        const base = text.replace(/ \| null$/, '');
        out.push({
          where: `${file}: ${node.name.getText(source)}`,
          tsType: !array ? base : base.endsWith('[]') ? base.slice(0, -2) : `${base} (not an array)`,
          tsNullable: base !== text,
          pgType: pgType === 'identity' ? 'bigint' : pgType,
          nullable: option('nullable') === 'true',
        });
      }
      node.forEachChild(visit);
    });
  }
  return out;
}

/** Decorators whose TypeScript type cannot be what Postgres returns for the column. */
function typeDrift(dir: string): string[] {
  return declaredColumns(dir).flatMap((c) => [
    ...(TS_OF[c.pgType]?.test(c.tsType) ? [] : [`${c.where}: ${c.pgType} column typed ${c.tsType}`]),
    ...(c.tsNullable === c.nullable
      ? []
      : [
          `${c.where}: ${c.nullable ? 'nullable column typed without' : 'NOT NULL column typed with'} | null`,
        ]),
  ]);
}

describe('the schema has one description', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('the migrated tables and columns are exactly the entities', async () => {
    expect(await tableDrift(db.dataSource)).toEqual([]);
    expect(await columnDrift(db.dataSource)).toEqual([]);
  });

  it('every column is named as its property in snake case, so Row<E> has the keys a SELECT returns', () => {
    // Compile-time half: the mapped keys are the column names (a wrong mapping fails the typecheck).
    const keys: (keyof Row<Device>)[] = ['user_principal_name', 'last_check_in_at', 'apps_reported'];
    expect(keys.every((k) => db.dataSource.getMetadata('device').findColumnWithDatabaseName(k))).toBe(true);
    const misnamed = db.dataSource.entityMetadatas.flatMap((m) =>
      m.columns
        .filter((c) => c.databaseName !== snake(c.propertyName))
        .map((c) => `${m.tableName}.${c.databaseName} ← ${c.propertyName}`),
    );
    expect(misnamed).toEqual([]);
  });

  it('every entity property is typed as node-postgres returns its column, nullable exactly when the column is', () => {
    expect(declaredColumns(ENTITY_DIR).length).toBeGreaterThan(100);
    expect(typeDrift(ENTITY_DIR)).toEqual([]);
  });

  describe('catches drift', () => {
    let drifted: TestDatabase;
    beforeAll(async () => {
      drifted = await createTestDatabase();
    });
    afterAll(() => drifted.drop());

    it('a column added, loosened or retyped by hand, and a table without an entity', async () => {
      await drifted.dataSource.query(`
        ALTER TABLE exception ADD COLUMN note text;
        ALTER TABLE exception ALTER COLUMN reason DROP NOT NULL;
        ALTER TABLE sync_run ALTER COLUMN requests TYPE bigint;
        CREATE TABLE stray (id int)`);
      const drift = await columnDrift(drifted.dataSource);
      expect(drift).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/"exception" DROP COLUMN "note"/),
          expect.stringMatching(/"exception" ALTER COLUMN "reason" SET NOT NULL/),
          expect.stringMatching(/"sync_run" .*"requests"/),
        ]),
      );
      expect(await tableDrift(drifted.dataSource)).toEqual(['table stray has no entity']);
    });

    it('an entity typed unlike its column', () => {
      const dir = mkdtempSync(join(tmpdir(), 'entities-'));
      writeFileSync(
        join(dir, 'bad.entity.ts'),
        `class Bad {
          @Column({ type: 'bigint', name: 'n' }) n!: number;
          @Column({ type: 'text', name: 'note', nullable: true }) note!: string;
          @Column({ type: 'timestamptz', name: 'at' }) at!: Date | null;
          @Column({ type: 'text', name: 'tags', array: true }) tags!: string[];
          @Column({ type: 'text', name: 'ids', array: true }) ids!: string;
        }`,
      );
      expect(typeDrift(dir)).toEqual([
        'bad.entity.ts: n: bigint column typed number',
        'bad.entity.ts: note: nullable column typed without | null',
        'bad.entity.ts: at: NOT NULL column typed with | null',
        'bad.entity.ts: ids: text column typed string (not an array)',
      ]);
    });
  });
});
