import type { INestApplication } from '@nestjs/common';
import type { Config } from '@interdict/config';
import { getLogger } from '@interdict/logger';
import { startSimulator } from '@interdict/mdm-simulator';
import { SourcesService, SyncHooks, SyncQueue, type NewSource } from '@interdict/inventory';
import { ReportService } from '@interdict/reports';
import { WebhookEndpointService, startDemoReceiver } from '@interdict/webhooks';
import { demoSourceSettings } from './demo-sources';

const log = getLogger('Demo');

/** What the demo started, so shutdown can stop it. */
export interface RunningDemo {
  simulatorUrl: string;
  receiverUrl: string;
  stop(): Promise<void>;
}

/**
 * The newcomer's first minute (README.md, "Two commands"): a simulated Intune tenant and Jamf instance registered
 * as sources and synced at once, a built-in webhook receiver registered as an endpoint, and the first report queued
 * as soon as both sources have synced and exposure has been computed.
 */
export async function startDemo(
  config: Config,
  worker: INestApplication,
  api: INestApplication,
  apiUrl: string,
): Promise<RunningDemo> {
  const sim = await startSimulator({
    seed: config.demo.seed,
    devices: config.demo.devices,
    host: config.simulator.host,
    port: config.simulator.port,
    clientSecret: config.simulator.clientSecret,
  });
  log.info(
    { url: sim.url, devices: config.demo.devices },
    'demo MDM simulator serving an Intune tenant and a Jamf instance',
  );

  const sources = worker.get(SourcesService, { strict: false });
  const ids: string[] = [];
  for (const source of demoSourceSettings(sim)) ids.push(await upsertSource(sources, source));

  const { receiver } = await startDemoReceiver(api.get(WebhookEndpointService, { strict: false }));
  const receiverUrl = receiver.url;
  log.info({ receiver: receiverUrl }, 'built-in webhook receiver registered as an endpoint');

  // Listeners run after the exposure recompute (registered first, at worker start-up), so the report sees the exposures.
  const pending = new Set(ids);
  const reports = worker.get(ReportService, { strict: false });
  const off = worker.get(SyncHooks, { strict: false }).onSucceeded(async ({ sourceId }) => {
    if (!pending.delete(sourceId) || pending.size) return;
    off();
    const report = await reports.request(
      { type: 'exposure', format: 'xlsx', filters: {} },
      { type: 'system', id: null, name: 'demo' },
    );
    log.info({ reportId: report.id }, 'both demo sources synced: first exposure report queued');
    // For the person watching the terminal: the demo's data is in, so this is where to look.
    process.stdout.write(
      `\n  Demo ready: both sources synced, exposure computed, first report queued — ${apiUrl}/\n\n`,
    );
  });
  const queue = worker.get(SyncQueue, { strict: false });
  for (const id of ids) await queue.requestSync(id, 'manual');
  log.info({ sources: ids.length }, 'demo sources queued for their first sync');

  return {
    simulatorUrl: sim.url,
    receiverUrl,
    stop: async () => {
      off();
      await receiver.stop();
      await sim.close();
    },
  };
}

async function upsertSource(sources: SourcesService, source: NewSource): Promise<string> {
  const existing = (await sources.list()).find((s) => s.name === source.name);
  if (!existing) return (await sources.create(source)).id;
  // The simulator's port and certificate change between starts: refresh what points at it.
  await sources.update(existing.id, { settings: source.settings, secret: source.secret, enabled: true });
  return existing.id;
}
