import { bool, int, port, str } from '../parsers';
import type { SettingReader } from '../setting-reader';

export function readDemo(r: SettingReader) {
  return {
    /** The all-in-one process serves a simulated Intune tenant and Jamf instance and registers them as sources. */
    enabled: r.read('demo.enabled', bool, { env: 'DEMO_ENABLED', default: true }),
    devices: r.read('demo.devices', int(1, 200_000), { env: 'DEMO_DEVICES', default: 2_000 }),
    seed: r.read('demo.seed', int(0), { env: 'DEMO_SEED', default: 7 }),
  };
}

export function readSimulator(r: SettingReader) {
  return {
    host: r.read('simulator.host', str(), { env: 'SIMULATOR_HOST', default: '127.0.0.1' }),
    port: r.read('simulator.port', port, { env: 'SIMULATOR_PORT', default: 4010 }),
  };
}
