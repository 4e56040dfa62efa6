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

/** Same as loadCatalog for in-memory files (tests, the validate endpoint). */
export function buildCatalog(files: readonly { path: string; text: string }[]): Catalog {
  const problems: string[] = [];
  const parsed: { path: string; file: CatalogFile; locate: Locate }[] = [];
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

  const vendors = new Map<string, CatalogVendor>();
  const rules = new Map<string, CatalogRule>();
  const products = new Map<string, CatalogProduct>();
  const matcherIds = new Map<string, string>();
  const globalExclusions: CatalogExclusion[] = parsed.flatMap(({ file }) =>
    file.globalExclusions.map((x) => ({ ...x, scope: 'global' as const })),
  );
  for (const { path, file, locate } of parsed) {
    file.vendors.forEach((v, i) => {
      if (vendors.has(v.id))
        return problems.push(
          `${locate(['vendors', i, 'id'])}: vendors[${i}].id "${v.id}" is already defined in ${vendors.get(v.id)!.file}`,
        );
      vendors.set(v.id, { ...v, file: path });
    });
    file.rules.forEach((r, i) => {
      const where = locate(['rules', i, 'id']);
      if (rules.has(r.id))
        return problems.push(
          `${where}: rules[${i}].id "${r.id}" is already defined in ${rules.get(r.id)!.file}`,
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
    const familyExclusions: CatalogExclusion[] = file.exclusions.map((x) => ({ ...x, scope: 'family' }));
    file.products.forEach((p, i) => {
      if (products.has(p.id)) {
        return problems.push(
          `${locate(['products', i, 'id'])}: products[${i}].id "${p.id}" is already defined in ${products.get(p.id)!.file}`,
        );
      }
      problems.push(...checkShips(p, i, locate));
      p.matchers.forEach((m, j) => {
        const prior = matcherIds.get(m.id);
        if (prior)
          problems.push(
            `${locate(['products', i, 'matchers', j, 'id'])}: matcher id "${m.id}" is already used by product ${prior}`,
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
  for (const { file, locate } of parsed) {
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
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path))) hash.update(f.text).update('\0');
  const catalog: Catalog = {
    version: hash.digest('hex').slice(0, 16),
    files: files.map((f) => f.path),
    vendors: [...vendors.values()],
    rules: [...rules.values()],
    products: [...products.values()],
  };
  // Reachability needs a whole, consistent catalog: only then can every example be run through the matcher.
  if (!problems.length) problems.push(...checkExamples(catalog, parsed));
  if (problems.length)
    throw new CatalogError('invalid_catalog', `catalog: ${problems.length} problem(s)`, problems);
  return catalog;
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
