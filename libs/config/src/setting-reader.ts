import { ConfigError } from './config.errors';
import type { Parser } from './parsers';

export interface SettingOptions<T> {
  /** Environment variable that overrides the YAML value. */
  env?: string;
  default?: NoInfer<T>;
  /** Secrets are never echoed in errors and are redacted from logs. */
  secret?: boolean;
}

export interface ConfigSources {
  env: Record<string, string | undefined>;
  /** Merged YAML documents and the file each top-level key came from. */
  yaml: Record<string, unknown>;
  yamlOrigin: (path: string) => string;
}

/** Reads settings one by one, remembering every problem so all are reported at once. */
export class SettingReader {
  private readonly problems: string[] = [];
  private readonly retired = new Set<string>();
  readonly readPaths = new Set<string>();
  readonly secretPaths: string[] = [];
  readonly envNames = new Map<string, string>();

  constructor(private readonly sources: ConfigSources) {}

  read<T>(path: string, parser: Parser<T>, opts: SettingOptions<T> & { default: NoInfer<T> }): T;
  read<T>(path: string, parser: Parser<T>, opts?: SettingOptions<T>): T | undefined;
  read<T>(path: string, parser: Parser<T>, opts: SettingOptions<T> = {}): T | undefined {
    this.readPaths.add(path);
    if (opts.secret) this.secretPaths.push(path);
    if (opts.env) this.envNames.set(path, opts.env);
    const fromEnv = opts.env ? this.sources.env[opts.env] : undefined;
    const fromYaml = getPath(this.sources.yaml, path);
    let raw: unknown;
    let origin: string;
    if (fromEnv !== undefined && fromEnv !== '') {
      raw = fromEnv;
      origin = opts.env!;
    } else if (fromYaml !== undefined && fromYaml !== null) {
      raw = fromYaml;
      origin = this.sources.yamlOrigin(path);
    } else {
      return opts.default;
    }
    const result = parser(raw);
    if ('problem' in result) {
      const got = opts.secret ? 'a hidden value' : JSON.stringify(typeof raw === 'string' ? raw : raw);
      this.problems.push(`config: ${path} ${result.problem} (got ${truncate(got)}) — from ${origin}`);
      return opts.default;
    }
    return result.value;
  }

  /** Marks a whole YAML subtree as consumed by a lib that parses it itself (e.g. a list of sources). */
  readTree(path: string): unknown {
    this.readPaths.add(path);
    return getPath(this.sources.yaml, path);
  }

  /** A key that used to exist: says where it went instead of calling it unknown. */
  moved(path: string, to: string): void {
    if (getPath(this.sources.yaml, path) === undefined) return;
    this.retired.add(path);
    this.problems.push(`config: ${path} moved to ${to} — from ${this.sources.yamlOrigin(path)}`);
  }

  problem(message: string): void {
    this.problems.push(`config: ${message}`);
  }

  /** Unknown YAML keys are typos until proven otherwise. */
  checkUnknownKeys(): void {
    for (const leaf of leafPaths(this.sources.yaml)) {
      const known = [...this.readPaths, ...this.retired].some((p) => leaf === p || leaf.startsWith(`${p}.`));
      if (!known)
        this.problems.push(`config: ${leaf} is not a known setting — from ${this.sources.yamlOrigin(leaf)}`);
    }
  }

  finish(): void {
    if (this.problems.length) throw new ConfigError(this.problems);
  }
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

export function getPath(tree: Record<string, unknown>, path: string): unknown {
  let node: unknown = tree;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function leafPaths(tree: unknown, prefix = ''): string[] {
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) return prefix ? [prefix] : [];
  const entries = Object.entries(tree as Record<string, unknown>);
  if (!entries.length) return prefix ? [prefix] : [];
  return entries.flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}
