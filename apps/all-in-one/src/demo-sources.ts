import type { NewSource } from '@interdict/inventory';
import type { RunningSimulator } from '@interdict/mdm-simulator';

/** The two demo sources pointing at the simulator: its hosts stand in for the cloud's, its CA is trusted. */
export function demoSourceSettings(sim: RunningSimulator): NewSource[] {
  return [
    {
      name: 'Demo Intune tenant',
      kind: 'intune',
      settings: {
        tenantId: sim.intune.tenantId,
        clientId: sim.intune.clientId,
        cloud: 'public',
        strategy: 'export',
        loginBaseUrl: sim.intune.loginBaseUrl,
        graphBaseUrl: sim.intune.graphBaseUrl,
        caCertPem: sim.caCertPem,
        exportPollIntervalMs: 500,
      },
      secret: sim.intune.clientSecret,
      schedule: '0 */6 * * *',
    },
    {
      name: 'Demo Jamf Pro',
      kind: 'jamf',
      settings: {
        baseUrl: sim.jamf.baseUrl,
        clientId: sim.jamf.clientId,
        caCertPem: sim.caCertPem,
        pageSize: 500,
      },
      secret: sim.jamf.clientSecret,
      schedule: '30 */6 * * *',
    },
  ];
}
