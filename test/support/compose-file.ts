import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@interdict/config';

// docker-compose.yml and the Dockerfile read as Docker would, for tests on a machine without Docker.

export const root = join(__dirname, '..', '..');

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  user?: string;
}

export const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};

export const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

/** What `docker compose up` gives a service as its environment, with INTERDICT_ENCRYPTION_KEY exported. */
export function composeEnv(service: string): Record<string, string> {
  const exported: Record<string, string> = {
    INTERDICT_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
  };
  return Object.fromEntries(
    Object.entries(compose.services[service].environment ?? {}).map(([k, v]) => [
      k,
      String(v).replace(/\$\{(\w+)(?::?([-?])([^}]*))?\}/g, (_, name: string, op?: string, word?: string) => {
        if (exported[name] !== undefined) return exported[name];
        if (op === '-') return word!;
        throw new Error(`${service}: ${k} needs ${name} exported`);
      }),
    ]),
  );
}

/** This checkout's copy of a file the Dockerfile copies into the image's /app/config. */
export function inImage(path: string): string {
  if (!/^COPY --from=build \S+ \/app\/config \.\/config$/m.test(dockerfile))
    throw new Error('the Dockerfile no longer copies /app/config');
  if (!path.startsWith('/app/config/')) throw new Error(`${path} is not under /app/config`);
  return join(root, path.slice('/app/'.length));
}

/** The configuration files INTERDICT_CONFIG names for a service (beside config/*.yaml, of which the image has none). */
export const configFiles = (service: string): string[] =>
  (composeEnv(service).INTERDICT_CONFIG ?? '').split(',').filter(Boolean).map(inImage);

/** The configuration a service starts with: its environment and the files INTERDICT_CONFIG names. */
export const composeConfig = (service: string) =>
  loadConfig({
    env: composeEnv(service),
    configDir: join(root, 'test', 'support', 'no-config'),
    files: configFiles(service),
  });
