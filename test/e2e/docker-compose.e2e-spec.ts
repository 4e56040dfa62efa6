import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse } from 'yaml';
import { outboundPolicyFromConfig } from '@interdict/outbound';
import { reportsDirectory } from '@interdict/reports';
import { simulatorSettings } from '@interdict/mdm-simulator';
import { SimulatorState } from '../../apps/mdm-simulator/src/state';
import { compose, composeConfig, composeEnv, configFiles, dockerfile, root } from '../support/compose-file';
import { readAllSettingsForTest } from '../support/config-env-names';
import { WORKER_NODE_FLAGS } from '../../apps/worker/src/node-flags';

// No Docker daemon here: the compose file is checked by parsing it, against the config schema and the Dockerfile.
const envNames = readAllSettingsForTest();

/** The services that run our image (the others, postgres, come with their own). */
const ourServices = Object.entries(compose.services).filter(
  ([, svc]) => svc.build !== undefined || svc.image === compose.services.api.image,
);

describe('docker-compose.yml', () => {
  it('has postgres, api, worker and simulator services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'simulator', 'worker']);
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

  it('sets only environment variables the config, its loader, its declared sources or Node read', () => {
    for (const name of ['api', 'worker', 'simulator']) {
      const secretEnvs = configFiles(name).flatMap((file) =>
        (
          (parse(readFileSync(file, 'utf8')) as { sources?: { clientSecretEnv?: string }[] }).sources ?? []
        ).map((s) => s.clientSecretEnv),
      );
      const known = new Set([...envNames, 'INTERDICT_CONFIG', 'NODE_EXTRA_CA_CERTS', ...secretEnvs]);
      const unknown = Object.keys(compose.services[name].environment ?? {}).filter((k) => !known.has(k));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
      expect(() => composeConfig(name)).not.toThrow();
    }
  });

  describe('registers the simulator as sources', () => {
    const sim = compose.services.simulator;
    const simConfig = composeConfig('simulator');
    const arg = (flag: string) => Number(sim.command![sim.command!.indexOf(flag) + 1]);
    const simulator = new SimulatorState(
      simulatorSettings({ seed: arg('--seed'), devices: arg('--devices') }),
    );
    const declared = composeConfig('worker').sync.sources;

    it('one Intune and one Jamf source, with the ids the simulator has at its seed and its fixed secret', () => {
      expect(simConfig.simulator.clientSecret).toBeDefined();
      expect(declared.map((s) => [s.kind, s.enabled, s.clientSecret])).toEqual([
        ['intune', true, simConfig.simulator.clientSecret],
        ['jamf', true, simConfig.simulator.clientSecret],
      ]);
      expect(declared[0].settings).toMatchObject({
        tenantId: simulator.tenantId,
        clientId: simulator.intuneClientId,
      });
      expect(declared[1].settings).toMatchObject({ clientId: simulator.jamfClientId });
      for (const s of declared)
        expect({ name: s.name, schedule: s.schedule }).not.toMatchObject({ schedule: null });
    });

    it('at https://simulator:<its port>, the name in its certificate and in the URLs it hands out', () => {
      expect(simConfig.simulator.publicHost).toBe('simulator');
      const urls = declared.flatMap((s) =>
        ['baseUrl', 'loginBaseUrl', 'graphBaseUrl'].flatMap((k) =>
          typeof s.settings[k] === 'string' ? [new URL(s.settings[k])] : [],
        ),
      );
      expect(urls).toHaveLength(3);
      for (const url of urls)
        expect([url.protocol, url.hostname, Number(url.port)]).toEqual([
          'https:',
          'simulator',
          simConfig.simulator.port,
        ]);
    });

    it('which the outbound policy of the api and the worker lets them reach in production, and no other private host', () => {
      for (const name of ['api', 'worker']) {
        const config = composeConfig(name);
        expect(config.env).toBe('production');
        const policy = outboundPolicyFromConfig(config, 'sources');
        for (const s of declared)
          for (const value of Object.values(s.settings))
            if (typeof value === 'string' && value.startsWith('https://'))
              expect(() => policy.checkUrl(value)).not.toThrow();
        expect(() => policy.checkAddress('simulator', '172.18.0.4')).not.toThrow();
        expect(() => policy.checkAddress('postgres', '172.18.0.2')).toThrow(/private/);
      }
    });

    it("whose certificate the api and the worker trust: the simulator's TLS directory, shared read-only", () => {
      const tlsDir = composeEnv('simulator').SIMULATOR_TLS_DIR;
      const volume = sim.volumes!.find((v) => v.split(':')[1] === tlsDir)?.split(':')[0];
      expect(volume && volume in compose.volumes).toBe(true);
      for (const name of ['api', 'worker']) {
        const svc = compose.services[name];
        expect(composeEnv(name).NODE_EXTRA_CA_CERTS).toBe(posix.join(tlsDir, 'cert.pem'));
        expect(svc.volumes).toContain(`${volume}:${tlsDir}:ro`);
        // NODE_EXTRA_CA_CERTS is read once at start: the certificate must be there by then.
        expect(svc.depends_on?.simulator?.condition).toBe('service_healthy');
      }
    });
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
    for (const name of ['api', 'worker', 'simulator']) {
      const entry = compose.services[name].command!.find((p) => p.startsWith('dist/'))!;
      const source = entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect(() => readFileSync(join(root, source))).not.toThrow();
    }
  });

  it('runs the worker with its V8 flags, as npm run start:worker and the benches do (its memory is measured so)', () => {
    const flags = (command: readonly string[]) => command.filter((p) => p.startsWith('--'));
    expect(flags(compose.services.worker.command!)).toEqual([...WORKER_NODE_FLAGS]);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(flags(pkg.scripts['start:worker'].split(' '))).toEqual([...WORKER_NODE_FLAGS]);
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

  it('leaves local settings out of the image: config/*.yaml (all loaded at start) and .env', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(
      expect.arrayContaining(['config/*.yaml', '!config/interdict.example.yaml', '.env']),
    );
  });

  it('installs with npm ci from the lockfile', () => {
    expect(dockerfile).toMatch(/COPY package\.json package-lock\.json/);
    expect(dockerfile).toMatch(/RUN npm ci/);
  });
});
