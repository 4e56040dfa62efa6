import type { WebhookEndpointService } from './endpoints/webhook-endpoint.service';
import { TestReceiver } from './test-receiver';

/** Name of the endpoint the demo registers for its built-in receiver. */
export const DEMO_RECEIVER_NAME = 'Built-in test receiver (demo)';

/**
 * Starts the built-in receiver on loopback and registers it as an endpoint (re-pointing and re-keying the one
 * from a previous start, since the port changes). `GET <receiver url>` lists what it received.
 */
export async function startDemoReceiver(
  endpoints: WebhookEndpointService,
  opts: { port?: number; keep?: number } = {},
): Promise<{ receiver: TestReceiver; endpointId: string }> {
  const receiver = new TestReceiver({ port: opts.port ?? 0, keep: opts.keep ?? 100 });
  const url = await receiver.start();
  try {
    const existing = (await endpoints.list()).find((e) => e.name === DEMO_RECEIVER_NAME);
    if (existing) {
      await endpoints.update(existing.id, { url, enabled: true });
      const { secret } = await endpoints.rotateSecret(existing.id, { graceHours: 0 });
      receiver.setSecret(secret);
      return { receiver, endpointId: existing.id };
    }
    const { endpoint, secret } = await endpoints.create(
      { name: DEMO_RECEIVER_NAME, url, format: 'json', maxConcurrency: 8 },
      { name: 'system' },
    );
    receiver.setSecret(secret);
    return { receiver, endpointId: endpoint.id };
  } catch (err) {
    await receiver.stop();
    throw err;
  }
}
