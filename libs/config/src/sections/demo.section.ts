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
    /** The host name clients reach it by when not `host` (a container's name): in its certificate and its URLs. */
    publicHost: r.read('simulator.publicHost', str({ maxLength: 253 }), { env: 'SIMULATOR_PUBLIC_HOST' }),
    /** The client secret its Intune app and Jamf API client accept; unset = random per start. */
    clientSecret: r.read('simulator.clientSecret', str({ maxLength: 256 }), {
      env: 'SIMULATOR_CLIENT_SECRET',
      secret: true,
    }),
    /** Where it keeps and reuses its TLS key and certificate (key.pem, cert.pem); unset = a new pair each start. */
    tlsDir: r.read('simulator.tlsDir', str(), { env: 'SIMULATOR_TLS_DIR' }),
  };
}
