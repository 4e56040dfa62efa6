import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { CatalogError } from './catalog.errors';
import type { Catalog, CatalogProduct, CatalogRule } from './catalog.model';
import { catalogFileSchema, type CatalogFile } from './catalog.schema';

/** Where the catalog comes from: the shipped directory, the organisation's extra ones, and rules it turned off. */
export interface CatalogSourceOptions {
  dir: string;
  extraDirs?: readonly string[];
  disabledRules?: readonly string[];
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
  return buildCatalog(files, opts.disabledRules ?? []);
}

/** Same as loadCatalog for in-memory files (tests, the validate endpoint). */
export function buildCatalog(
  files: readonly { path: string; text: string }[],
  disabledRules: readonly string[],
): Catalog {
  const problems: string[] = [];
  const parsed: { path: string; file: CatalogFile; locate: (p: PropertyKey[]) => string }[] = [];
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
    const result = catalogFileSchema.safeParse(doc.toJS());
    if (!result.success) {
      for (const issue of result.error.issues) problems.push(describeIssue(issue, locate));
      continue;
    }
    problems.push(...checkPatterns(result.data, locate));
    parsed.push({ path: f.path, file: result.data, locate });
  }

  const rules = new Map<string, CatalogRule>();
  const products = new Map<string, CatalogProduct>();
  const matcherIds = new Map<string, string>();
  for (const { path, file, locate } of parsed) {
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
        enabled: !disabledRules.includes(r.id),
        file: path,
      });
    });
    file.products.forEach((p, i) => {
      if (products.has(p.id)) {
        return problems.push(
          `${locate(['products', i, 'id'])}: products[${i}].id "${p.id}" is already defined in ${products.get(p.id)!.file}`,
        );
      }
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
        aliases: p.aliases,
        confidence: p.confidence,
        fallback: p.fallback,
        ruleIds: p.rules,
        matchers: p.matchers.map((m) => ({ ...m, productId: p.id })),
        exclusions: p.exclusions,
        notes: p.notes,
        file: path,
      });
    });
  }
  for (const { file, locate } of parsed) {
    file.products.forEach((p, i) =>
      p.rules.forEach((ruleId, j) => {
        if (!rules.has(ruleId))
          problems.push(
            `${locate(['products', i, 'rules', j])}: products[${i}].rules[${j}] "${ruleId}" is not a rule in any catalog file`,
          );
      }),
    );
  }
  for (const ruleId of disabledRules) {
    if (!rules.has(ruleId) && parsed.length === files.length) {
      problems.push(`catalog.disabledRules: "${ruleId}" is not a rule in the catalog`);
    }
  }
  if (problems.length)
    throw new CatalogError('invalid_catalog', `catalog: ${problems.length} problem(s)`, problems);

  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path))) hash.update(f.text).update('\0');
  hash.update([...disabledRules].sort().join(','));
  return {
    version: hash.digest('hex').slice(0, 16),
    files: files.map((f) => f.path),
    rules: [...rules.values()],
    products: [...products.values()],
    disabledRuleIds: [...disabledRules],
  };
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

function describeIssue(issue: z.core.$ZodIssue, locate: (p: PropertyKey[]) => string): string {
  const field =
    issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '') || '(file)';
  return `${locate(issue.path)}: ${field}: ${issue.message}`;
}

function checkPatterns(file: CatalogFile, locate: (p: PropertyKey[]) => string): string[] {
  const out: string[] = [];
  const check = (value: string | undefined, path: PropertyKey[]) => {
    if (value === undefined) return;
    const field = path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    if (!value.startsWith('^'))
      out.push(`${locate(path)}: ${field}: pattern must be anchored with ^ (got "${value}")`);
    try {
      new RegExp(value, 'iu');
    } catch (e) {
      out.push(`${locate(path)}: ${field}: not a valid regular expression (${(e as Error).message})`);
    }
  };
  file.products.forEach((p, i) => {
    p.matchers.forEach((m, j) => {
      for (const k of ['displayName', 'publisher', 'installPath'] as const)
        check(m[k], ['products', i, 'matchers', j, k]);
    });
    p.exclusions.forEach((m, j) => {
      for (const k of ['displayName', 'publisher'] as const) check(m[k], ['products', i, 'exclusions', j, k]);
    });
  });
  return out;
}
