import { loadConfigOrExit } from '@interdict/config';
import { getLogger, initLogging } from '@interdict/logger';
import { loadCorpus } from './fleet';
import type { SimulatorOptions } from './simulator';
import { startSimulator } from './simulator';

// `npm run simulator -- --devices 100000 --seed 7`: fleet flags on the command line, host/port from config.
const USAGE =
  'usage: npm run simulator -- [--devices N] [--seed N] [--day N] [--base-date YYYY-MM-DD] [--http-port N] ' +
  '[--token-lifetime S] [--jamf-token-lifetime S] [--banned-prevalence 0..1] [--export-compression] ' +
  '[--corpus DIR (one device per title of DIR/*.csv)]';

const NUMERIC: Record<string, keyof SimulatorOptions> = {
  '--devices': 'devices',
  '--seed': 'seed',
  '--day': 'day',
  '--http-port': 'httpPort',
  '--token-lifetime': 'tokenLifetimeSeconds',
  '--jamf-token-lifetime': 'jamfTokenLifetimeSeconds',
  '--banned-prevalence': 'bannedPrevalence',
};

/** Parses the command line into simulator options; throws with the offending flag named. */
export function parseArgs(
  argv: readonly string[],
  defaults: { devices: number; seed: number },
): Partial<SimulatorOptions> {
  const options: Record<string, unknown> = { devices: defaults.devices, seed: defaults.seed };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--export-compression') {
      options.exportCompression = true;
      continue;
    }
    if (flag === '--corpus') {
      const dir = argv[++i];
      if (!dir) throw new Error(`--corpus needs a directory\n${USAGE}`);
      options.corpus = loadCorpus(dir);
      continue;
    }
    if (flag === '--base-date') {
      options.baseDate = argv[++i];
      continue;
    }
    const key = NUMERIC[flag];
    if (!key) throw new Error(`unknown option ${flag}\n${USAGE}`);
    const value = Number(argv[++i]);
    if (argv[i] === undefined || Number.isNaN(value)) throw new Error(`${flag} needs a number\n${USAGE}`);
    options[key] = value;
  }
  return options;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfigOrExit();
  initLogging(config.log);
  const log = getLogger('MdmSimulator');
  let args: Partial<SimulatorOptions>;
  try {
    args = parseArgs(process.argv.slice(2), { devices: config.demo.devices, seed: config.demo.seed });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  const sim = await startSimulator({
    ...args,
    seed: args.seed ?? 7,
    devices: args.devices ?? 2000,
    host: config.simulator.host,
    port: config.simulator.port,
    publicHost: config.simulator.publicHost,
    clientSecret: config.simulator.clientSecret,
    tlsDir: config.simulator.tlsDir,
  });
  // Credentials stay out of the log: they are served by the control endpoint instead.
  log.info(
    {
      url: sim.url,
      httpUrl: sim.httpUrl,
      caCertPath: sim.caCertPath,
      devices: args.devices,
      seed: args.seed,
      // Not under a "credential…" key, which the logger redacts: this is where they are, not what they are.
      loginDetailsUrl: `${sim.url}/_control/credentials`,
      graphBaseUrl: sim.intune.graphBaseUrl,
      jamfBaseUrl: sim.jamf.baseUrl,
    },
    'mdm simulator listening',
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      void sim.close().then(() => process.exit(0));
    });
}

if (require.main === module) void main();
