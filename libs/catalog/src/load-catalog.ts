import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { CatalogError } from './catalog.errors';
import type { Catalog, CatalogExclusion, CatalogProduct, CatalogRule, CatalogVendor } from './catalog.model';
import { catalogFileSchema, type CatalogFile } from './catalog.schema';
import { checkExamples } from './validation/reachability';
import { backtrackingRisk } from './validation/regex-safety';

/** Where the catalog comes from: the shipped directory and the organisation's extra ones. */
export interface CatalogSourceOptions {
  dir: string;
  extraDirs?: readonly string[];
}

/** Reads every `*.yaml` file, validates it and the cross-file references, and hashes the result. Throws CatalogError. */
export function loadCatalog(opts: CatalogSourceOptions): Catalog {
  const dirs = [opts.dir, ...(opts.extraDirs ?? [])].map((d) => resolve(d));
  const files: { path: string; text: string }[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new CatalogError('catalog_not_found', `catalog: directory ${dir} does not exist`);
    }
    for (const name of readdirSync(dir).sort()) {
      if (/\.ya?ml$/.test(name))
        files.push({ path: join(dir, name), text: readFileSync(join(dir, name), 'utf8') });
    }
  }
  if (!files.length)
    throw new CatalogError('catalog_not_found', `catalog: no *.yaml files in ${dirs.join(', ')}`);
  return buildCatalog(files);
}

type Locate = (p: PropertyKey[]) => string;

/** One catalog file that passed the schema, with where its nodes are for messages. */
interface ParsedFile {
  path: string;
  file: CatalogFile;
  locate: Locate;
}

/** The catalog's entries by id as the files are merged. */
interface Entries {
  vendors: Map<string, CatalogVendor>;
  rules: Map<string, CatalogRule>;
  products: Map<string, CatalogProduct>;
  /** Matcher id → the product that first used it: ids are unique across the catalog. */
  matcherIds: Map<string, string>;
}

/**
 * Same as loadCatalog for in-memory files (tests, the validate endpoint). Every problem in every file is collected
 * before it throws, so one run lists them all.
 */
export function buildCatalog(files: readonly { path: string; text: string }[]): Catalog {
  const problems: string[] = [];
  const parsed = parseFiles(files, problems);
  const entries: Entries = {
    vendors: new Map(),
    rules: new Map(),
    products: new Map(),
    matcherIds: new Map(),
  };
  const globalExclusions: CatalogExclusion[] = parsed.flatMap(({ file }) =>
    file.globalExclusions.map((x) => ({ ...x, scope: 'global' as const })),
  );
  for (const f of parsed) {
    addVendors(f, entries, problems);
    addRules(f, entries, problems);
    addProducts(f, entries, globalExclusions, problems);
  }
  // References are resolved once every file is in, so a product may name a vendor or rule from another file.
  for (const f of parsed) resolveReferences(f, entries, problems);
  const catalog: Catalog = {
    version: catalogVersion(files),
    files: files.map((f) => f.path),
    vendors: [...entries.vendors.values()],
    rules: [...entries.rules.values()],
    products: [...entries.products.values()],
  };
  // Reachability needs a whole, consistent catalog: only then can every example be run through the matcher.
  if (!problems.length) problems.push(...checkExamples(catalog, parsed));
  if (problems.length)
    throw new CatalogError('invalid_catalog', `catalog: ${problems.length} problem(s)`, problems);
  return catalog;
}

/** Parses and schema-checks each file; a file with YAML or schema errors adds problems and is left out. */
function parseFiles(files: readonly { path: string; text: string }[], problems: string[]): ParsedFile[] {
  const parsed: ParsedFile[] = [];
  for (const f of files) {
    const lines = new LineCounter();
    const doc = parseDocument(f.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length) {
      for (const e of doc.errors) {
        const pos = lines.linePos(e.pos[0]);
        problems.push(`${f.path}:${pos.line}:${pos.col}: YAML ${e.code}: ${e.message.split('\n')[0]}`);
      }
      continue;
    }
    const locate = (path: PropertyKey[]) => `${f.path}:${lineOf(doc, lines, path)}`;
    const raw: unknown = doc.toJS();
    const result = catalogFileSchema.safeParse(raw);
    // Patterns are checked on the raw file too, so a schema error elsewhere does not hide a bad regex.
    problems.push(...checkPatterns(raw, locate));
    if (!result.success) {
      for (const issue of result.error.issues) problems.push(describeIssue(issue, locate));
      continue;
    }
    parsed.push({ path: f.path, file: result.data, locate });
  }
  return parsed;
}

function addVendors({ path, file, locate }: ParsedFile, { vendors }: Entries, problems: string[]): void {
  file.vendors.forEach((v, i) => {
    const prior = vendors.get(v.id);
    if (prior)
      return problems.push(
        `${locate(['vendors', i, 'id'])}: vendors[${i}].id "${v.id}" is already defined in ${prior.file}`,
      );
    vendors.set(v.id, { ...v, file: path });
  });
}

/** Rules with their phases in date order; the remediation clock starts at the marked phase, else the last. */
function addRules({ path, file, locate }: ParsedFile, { rules }: Entries, problems: string[]): void {
  file.rules.forEach((r, i) => {
    const prior = rules.get(r.id);
    if (prior)
      return problems.push(
        `${locate(['rules', i, 'id'])}: rules[${i}].id "${r.id}" is already defined in ${prior.file}`,
      );
    const dates = r.phases.map((p) => p.date);
    if ([...dates].sort().join() !== dates.join()) {
      problems.push(`${locate(['rules', i, 'phases'])}: rules[${i}].phases must be in date order`);
    }
    const marked = r.phases.filter((p) => p.startsRemediation);
    if (marked.length > 1)
      problems.push(
        `${locate(['rules', i, 'phases'])}: rules[${i}].phases: only one phase may set startsRemediation`,
      );
    const clock = marked[0] ?? r.phases[r.phases.length - 1];
    rules.set(r.id, {
      ...r,
      phases: r.phases.map(({ date, status, summary }) => ({ date, status, summary })),
      effectiveFrom: new Date(`${r.phases[0].date}T00:00:00Z`),
      remediationFrom: new Date(`${clock.date}T00:00:00Z`),
      file: path,
    });
  });
}

/** Products with their matchers, and exclusions from the product, its family file and every file's global list. */
function addProducts(
  { path, file, locate }: ParsedFile,
  { products, matcherIds }: Entries,
  globalExclusions: CatalogExclusion[],
  problems: string[],
): void {
  const familyExclusions: CatalogExclusion[] = file.exclusions.map((x) => ({ ...x, scope: 'family' }));
  file.products.forEach((p, i) => {
    const prior = products.get(p.id);
    if (prior) {
      return problems.push(
        `${locate(['products', i, 'id'])}: products[${i}].id "${p.id}" is already defined in ${prior.file}`,
      );
    }
    problems.push(...checkShips(p, i, locate));
    p.matchers.forEach((m, j) => {
      const owner = matcherIds.get(m.id);
      if (owner)
        problems.push(
          `${locate(['products', i, 'matchers', j, 'id'])}: matcher id "${m.id}" is already used by product ${owner}`,
        );
      matcherIds.set(m.id, p.id);
    });
    products.set(p.id, {
      id: p.id,
      family: file.family,
      name: p.name,
      vendor: p.vendor,
      vendorId: p.vendor,
      aliases: p.aliases,
      ships: p.ships,
      confidence: p.confidence,
      fallback: p.fallback,
      ruleIds: p.rules,
      matchers: p.matchers.map((m) => ({ ...m, productId: p.id })),
      exclusions: [
        ...p.exclusions.map((x) => ({ ...x, scope: 'product' as const })),
        ...familyExclusions,
        ...globalExclusions,
      ],
      notes: p.notes,
      file: path,
    });
  });
}

/** Every product's vendor and rules must exist somewhere in the catalog; the vendor id becomes its name. */
function resolveReferences(
  { file, locate }: ParsedFile,
  { vendors, rules, products }: Entries,
  problems: string[],
) {
  file.products.forEach((p, i) => {
    const vendor = vendors.get(p.vendor);
    if (!vendor)
      problems.push(
        `${locate(['products', i, 'vendor'])}: products[${i}].vendor "${p.vendor}" is not a vendor in any catalog file`,
      );
    else products.get(p.id)!.vendor = vendor.name;
    p.rules.forEach((ruleId, j) => {
      if (!rules.has(ruleId))
        problems.push(
          `${locate(['products', i, 'rules', j])}: products[${i}].rules[${j}] "${ruleId}" is not a rule in any catalog file`,
        );
    });
  });
}

/** The catalog's version: a hash of its files in path order, so the same files give the same version anywhere. */
function catalogVersion(files: readonly { path: string; text: string }[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path))) hash.update(f.text).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** Every rule id the profile names must exist: a typo would silently leave a rule on or off. */
export function checkProfileRules(
  catalog: Pick<Catalog, 'rules'>,
  profile: { enableRules: readonly string[]; disableRules: readonly string[] },
): void {
  const known = new Set(catalog.rules.map((r) => r.id));
  const problems = (['enableRules', 'disableRules'] as const).flatMap((key) =>
    profile[key]
      .filter((id) => !known.has(id))
      .map((id) => `policy.${key}: "${id}" is not a rule in the catalog`),
  );
  if (problems.length)
    throw new CatalogError('invalid_catalog', `catalog: ${problems.length} problem(s)`, problems);
}

/** The platforms a product ships on and the platforms its matchers cover must be the same set. */
function checkShips(p: CatalogFile['products'][number], i: number, locate: Locate): string[] {
  const covered = new Set(p.matchers.flatMap((m) => m.platforms));
  const out = p.ships
    .filter((platform) => !covered.has(platform))
    .map(
      (platform) =>
        `${locate(['products', i, 'ships'])}: products[${i}] "${p.id}" ships on ${platform} but no matcher covers ${platform}`,
    );
  p.matchers.forEach((m, j) => {
    for (const platform of m.platforms.filter((x) => !p.ships.includes(x)))
      out.push(
        `${locate(['products', i, 'matchers', j, 'platforms'])}: products[${i}].matchers[${j}] covers ${platform}, which products[${i}].ships does not list`,
      );
  });
  return out;
}

function lineOf(doc: Document, lines: LineCounter, path: PropertyKey[]): number {
  // The deepest node that exists tells the line; a missing field points at its parent.
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as (string | number)[], true) as
      { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

function describeIssue(issue: z.core.$ZodIssue, locate: Locate): string {
  const field = fieldName(issue.path) || '(file)';
  return `${locate(issue.path)}: ${field}: ${issue.message}`;
}

/** Every pattern in a file, valid against the schema or not (anything that is not a string is the schema's concern). */
function checkPatterns(file: unknown, locate: Locate): string[] {
  const out: string[] = [];
  const check = (value: unknown, path: PropertyKey[]) => {
    if (typeof value !== 'string') return;
    const field = fieldName(path);
    if (!value.startsWith('^'))
      out.push(`${locate(path)}: ${field}: pattern must be anchored with ^ (got "${value}")`);
    try {
      new RegExp(value, 'iu');
    } catch (e) {
      return out.push(`${locate(path)}: ${field}: not a valid regular expression (${(e as Error).message})`);
    }
    const risk = backtrackingRisk(value);
    if (risk) out.push(`${locate(path)}: ${field}: ${risk}`);
  };
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const field = (v: unknown, k: string): unknown =>
    v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  list(field(file, 'vendors')).forEach((v, i) =>
    list(field(v, 'publishers')).forEach((p, j) => check(p, ['vendors', i, 'publishers', j])),
  );
  list(field(file, 'products')).forEach((p, i) => {
    list(field(p, 'matchers')).forEach((m, j) => {
      for (const k of ['displayName', 'publisher', 'installPath'])
        check(field(m, k), ['products', i, 'matchers', j, k]);
    });
    list(field(p, 'exclusions')).forEach((m, j) => {
      for (const k of ['displayName', 'publisher']) check(field(m, k), ['products', i, 'exclusions', j, k]);
    });
  });
  for (const key of ['exclusions', 'globalExclusions'])
    list(field(file, key)).forEach((m, j) => {
      for (const k of ['displayName', 'publisher']) check(field(m, k), [key, j, k]);
    });
  return out;
}

function fieldName(path: PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}
