import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
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
}
const envNames = readAllSettingsForTest();

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
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
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
