import type { INestApplication } from '@nestjs/common';
import type { Config } from '@interdict/config';
import { getLogger } from '@interdict/logger';
import { startSimulator } from '@interdict/mdm-simulator';
import { SourcesService, SyncHooks, SyncQueue, type NewSource } from '@interdict/inventory';
import { ReportScheduleService } from '@interdict/reports';
import { WebhookEndpointService, startDemoReceiver } from '@interdict/webhooks';
import { demoSourceSettings } from './demo-sources';

const log = getLogger('Demo');

/** What the demo started, so shutdown can stop it. */
export interface RunningDemo {
  simulatorUrl: string;
  receiverUrl: string;
  /** The second receiver, standing for a Teams channel fed one digest a minute. */
  teamsUrl: string;
  stop(): Promise<void>;
}

/**
 * The newcomer's first minute (README.md, "Two commands"): a simulated Intune tenant and Jamf instance registered
 * as sources and synced at once, a built-in webhook receiver registered as an endpoint, and a weekly report
 * schedule (mailed, with an evidence pack) run once as soon as both sources have synced and exposure is computed.
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

  const endpoints = api.get(WebhookEndpointService, { strict: false });
  const { receiver } = await startDemoReceiver(endpoints);
  const receiverUrl = receiver.url;
  log.info({ receiver: receiverUrl }, 'built-in webhook receiver registered as an endpoint');
  const teams = await startTeamsReceiver(endpoints);

  const schedules = worker.get(ReportScheduleService, { strict: false });
  const scheduleId = await upsertSchedule(schedules);
  // Listeners run after the exposure recompute (registered first, at worker start-up), so the report sees the exposures.
  const pending = new Set(ids);
  const off = worker.get(SyncHooks, { strict: false }).onSucceeded(async ({ sourceId }) => {
    if (!pending.delete(sourceId) || pending.size) return;
    off();
    // The weekly schedule runs once now, so its mail and evidence pack show within the first minute.
    const report = await schedules.fire(scheduleId, new Date());
    log.info({ reportId: report?.id }, 'both demo sources synced: first scheduled exposure report queued');
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
    teamsUrl: teams.url,
    stop: async () => {
      off();
      await receiver.stop();
      await teams.stop();
      await sim.close();
    },
  };
}

/** A stand-in for a Teams channel: Adaptive Cards, one digest a minute instead of a message per finding. */
async function startTeamsReceiver(endpoints: WebhookEndpointService) {
  const { receiver } = await startDemoReceiver(endpoints, {
    endpoint: { name: 'Teams channel (demo, 1-minute digest)', format: 'teams', digestWindowSeconds: 60 },
  });
  log.info(
    { receiver: receiver.url },
    'Teams-format digest endpoint registered on a second built-in receiver',
  );
  return receiver;
}

const DEMO_SCHEDULE = 'Weekly exposure for the CISO (demo)';

/** The demo's weekly schedule: mailed to two people (caught locally), with an evidence pack. */
async function upsertSchedule(schedules: ReportScheduleService): Promise<string> {
  const existing = (await schedules.list()).find((s) => s.name === DEMO_SCHEDULE);
  if (existing) return existing.id;
  const created = await schedules.create(
    {
      name: DEMO_SCHEDULE,
      cron: '0 7 * * 1',
      timezone: 'UTC',
      type: 'exposure',
      evidence: true,
      email: { to: ['CISO <ciso@demo.example>'], cc: ['IT Audit <audit@demo.example>'] },
    },
    { type: 'system', id: null, name: 'demo' },
  );
  return created.id;
}

async function upsertSource(sources: SourcesService, source: NewSource): Promise<string> {
  const existing = (await sources.list()).find((s) => s.name === source.name);
  if (!existing) return (await sources.create(source)).id;
  // The simulator's port and certificate change between starts: refresh what points at it.
  await sources.update(existing.id, { settings: source.settings, secret: source.secret, enabled: true });
  return existing.id;
}
