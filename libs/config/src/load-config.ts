import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { Config, readAllSettings } from './config';
import { ConfigError } from './config.errors';
import { SettingReader } from './setting-reader';

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  /** Directory whose `*.yaml` files (except `*.example.yaml`) are merged in name order. */
  configDir?: string;
  /** Extra files merged after the directory's (INTERDICT_CONFIG, comma-separated). */
  files?: string[];
}

/** Reads env + config/*.yaml once, validates every key, and returns a frozen Config or throws ConfigError. */
export function loadConfig(opts: LoadConfigOptions = {}): Config {
  const env = opts.env ?? process.env;
  const configDir = opts.configDir ?? env.INTERDICT_CONFIG_DIR ?? join(process.cwd(), 'config');
  const files = [...yamlFilesIn(configDir), ...(opts.files ?? splitList(env.INTERDICT_CONFIG))];
  const yaml: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  for (const file of files) mergeYaml(yaml, origins, readYaml(file), displayPath(file));
  const reader = new SettingReader({
    env,
    yaml,
    yamlOrigin: (path) => origins.get(path.split('.')[0]) ?? 'config',
  });
  const values = readAllSettings(reader);
  reader.checkUnknownKeys();
  reader.finish();
  return deepFreeze(Object.assign(new Config(), values, { secretPaths: reader.secretPaths }));
}

function yamlFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !/\.example\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

function readYaml(file: string): Record<string, unknown> {
  if (!existsSync(file)) throw new ConfigError([`config: file ${displayPath(file)} does not exist`]);
  const doc = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line;
    throw new ConfigError([
      `config: ${displayPath(file)}${line ? ` line ${line}` : ''} is not valid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
    ]);
  }
  const value = doc.toJS() as unknown;
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError([`config: ${displayPath(file)} must hold a mapping of settings at the top level`]);
  }
  return value as Record<string, unknown>;
}

function mergeYaml(
  target: Record<string, unknown>,
  origins: Map<string, string>,
  src: Record<string, unknown>,
  origin: string,
): void {
  for (const [k, v] of Object.entries(src)) {
    const cur = target[k];
    if (isPlainObject(cur) && isPlainObject(v)) mergeYaml(cur, new Map(), v, origin);
    else target[k] = v;
    origins.set(k, origin);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function splitList(v: string | undefined): string[] {
  return v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}
