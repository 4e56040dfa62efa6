import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@interdict/config';
import { reportsDirectory } from '@interdict/reports';
import { readAllSettingsForTest } from '../support/config-env-names';

// No Docker daemon here: the compose file is checked by parsing it, against the config schema and the Dockerfile.
const root = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
interface Service {
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
const envNames = readAllSettingsForTest();
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
/** What `docker compose up` would give a service as its environment (with INTERDICT_ENCRYPTION_KEY exported). */
function composeEnv(service: string): Record<string, string> {
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
/** The configuration a service starts with: its environment, no config/*.yaml (the image has only the example). */
const composeConfig = (service: string) =>
  loadConfig({ env: composeEnv(service), configDir: join(root, 'test', 'support', 'no-config') });

/** The services that run our image (the others, postgres, come with their own). */
const ourServices = Object.entries(compose.services).filter(
  ([, svc]) => svc.build !== undefined || svc.image === compose.services.api.image,
);

describe('docker-compose.yml', () => {
  it('has postgres, api, worker and mdm-simulator services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'mdm-simulator', 'postgres', 'worker']);
  });

  it('gives every service a healthcheck', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      expect({ name, hasHealthcheck: (svc.healthcheck?.test?.length ?? 0) > 0 }).toEqual({
        name,
        hasHealthcheck: true,
      });
    }
  });

  it('points the api and the worker at the postgres service with the credentials postgres is given', () => {
    const pg = compose.services.postgres.environment!;
    for (const name of ['api', 'worker']) {
      const url = new URL(compose.services[name].environment!.DATABASE_URL);
      expect(url.hostname).toBe('postgres');
      expect(decodeURIComponent(url.username)).toBe(pg.POSTGRES_USER);
      expect(decodeURIComponent(url.password)).toBe(pg.POSTGRES_PASSWORD);
      expect(url.pathname).toBe(`/${pg.POSTGRES_DB}`);
      expect(compose.services[name].depends_on?.postgres?.condition).toBe('service_healthy');
    }
  });

  it('sets only environment variables the config knows', () => {
    for (const name of ['api', 'worker', 'mdm-simulator']) {
      const unknown = Object.keys(compose.services[name].environment ?? {}).filter((k) => !envNames.has(k));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
    }
  });

  it('lets exactly one service apply migrations', () => {
    expect(compose.services.api.environment!.DATABASE_MIGRATE_ON_START).toBe('true');
    expect(compose.services.worker.environment!.DATABASE_MIGRATE_ON_START).toBe('false');
    expect(compose.services.worker.depends_on?.api?.condition).toBe('service_healthy');
  });

  it('publishes the ports the services listen on and health-checks those ports', () => {
    const api = compose.services.api;
    expect(api.ports).toContain(`${api.environment!.API_PORT}:${api.environment!.API_PORT}`);
    expect(api.healthcheck!.test.join(' ')).toContain(`:${api.environment!.API_PORT}/ready`);
    const worker = compose.services.worker;
    expect(worker.healthcheck!.test.join(' ')).toContain(`:${worker.environment!.WORKER_PORT}/ready`);
  });

  it('publishes no port that serves /metrics: the api serves it on API_METRICS_PORT, which is not published', () => {
    const api = compose.services.api.environment!;
    expect(api.API_METRICS_PORT).toBeDefined();
    expect(api.API_METRICS_PORT).not.toBe(api.API_PORT);
    expect(composeConfig('api').http.metricsPort).toBe(Number(api.API_METRICS_PORT));
    const metricsPorts = {
      api: api.API_METRICS_PORT,
      worker: compose.services.worker.environment!.WORKER_PORT,
    };
    for (const [name, port] of Object.entries(metricsPorts)) {
      const published = (compose.services[name].ports ?? []).map((p) => p.split(':').pop()!.split('/')[0]);
      expect({ name, publishesMetrics: published.includes(port) }).toEqual({ name, publishesMetrics: false });
    }
  });

  it('runs the apps from the commands the Dockerfile build produces', () => {
    for (const name of ['api', 'worker', 'mdm-simulator']) {
      const entry = compose.services[name].command!.find((p) => p.startsWith('dist/'))!;
      const source = entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect(() => readFileSync(join(root, source))).not.toThrow();
    }
  });

  it("caps the worker's heap (its memory is measured under that cap)", () => {
    expect(compose.services.worker.command).toContain('--max-old-space-size=256');
  });

  it('shares the reports volume between the api and the worker', () => {
    expect(compose.services.api.volumes).toEqual(compose.services.worker.volumes);
    expect(Object.keys(compose.volumes)).toContain('reports');
  });

  it('mounts the reports volume where the api and the worker keep reports', () => {
    for (const name of ['api', 'worker']) {
      const mount = compose.services[name].volumes?.find((v) => v.startsWith('reports:'));
      expect({ name, target: mount?.split(':')[1] }).toEqual({
        name,
        target: reportsDirectory(composeConfig(name)),
      });
    }
  });

  it('mounts every named volume on a path the image creates, owned by the user the service runs as', () => {
    // A fresh named volume copies the owner of the image's directory it covers; over a missing path Docker creates
    // it root-owned, and a non-root app cannot write there.
    const image = imageFileSystem(dockerfile);
    const wrong: string[] = [];
    for (const [name, svc] of ourServices) {
      const user = svc.user ?? image.user;
      for (const mount of svc.volumes ?? []) {
        const [source, target] = mount.split(':');
        if (!(source in compose.volumes)) continue;
        const owner = image.owner(target);
        if (owner !== user)
          wrong.push(`${name}: ${source} on ${target} is ${owner ?? 'missing'}, runs as ${user}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

/**
 * The runtime stage's file system as far as ownership goes: which directories WORKDIR, COPY --chown, `mkdir -p` and
 * `chown [-R]` leave, with their owners, and the USER it ends with. Enough to check volume targets without Docker.
 */
function imageFileSystem(text: string): { user: string; owner(path: string): string | undefined } {
  const stages = text.replace(/\\\n/g, ' ').split(/^FROM /m);
  const lines = stages[stages.length - 1].split('\n').map((l) => l.trim());
  const owners = new Map<string, string>([['/', 'root']]);
  let user = 'root';
  let workdir = '/';
  const abs = (p: string) => posix.resolve(workdir, p);
  const create = (path: string, owner: string) => {
    for (let p = path; !owners.has(p); p = posix.dirname(p)) owners.set(p, owner);
  };
  for (const line of lines) {
    const [instruction, ...args] = line.split(/\s+/);
    if (instruction === 'USER') user = args[0].split(':')[0];
    else if (instruction === 'WORKDIR') create((workdir = abs(args[0])), 'root');
    else if (instruction === 'COPY') {
      const chown = args
        .find((a) => a.startsWith('--chown='))
        ?.slice('--chown='.length)
        .split(':')[0];
      create(abs(args[args.length - 1]), chown ?? 'root');
      if (chown) owners.set(abs(args[args.length - 1]), chown);
    } else if (instruction === 'RUN') {
      const commands = args.join(' ').split(/&&|;/);
      for (const [cmd, ...rest] of commands.map((c) => c.trim().split(/\s+/))) {
        const paths = rest.filter((a) => !a.startsWith('-'));
        if (cmd === 'mkdir') for (const p of paths) create(abs(p), user);
        else if (cmd === 'chown' && user === 'root') {
          const [who, ...targets] = paths;
          const recursive = rest.includes('-R');
          for (const t of targets.map(abs))
            for (const p of owners.keys())
              if (p === t || (recursive && p.startsWith(`${t}/`))) owners.set(p, who.split(':')[0]);
        }
      }
    }
  }
  return { user, owner: (path) => owners.get(posix.normalize(path)) };
}

describe('Dockerfile', () => {
  it('is multi-stage and runs as a non-root user', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    const user = /^USER (\S+)/m.exec(dockerfile)?.[1];
    expect(user).toBeDefined();
    expect(user).not.toBe('root');
  });

  it('installs with npm ci from the lockfile', () => {
    expect(dockerfile).toMatch(/COPY package\.json package-lock\.json/);
    expect(dockerfile).toMatch(/RUN npm ci/);
  });
});
