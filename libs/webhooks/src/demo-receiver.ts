import type { WebhookEndpointService } from './endpoints/webhook-endpoint.service';
import type { WebhookFormat } from './formats/render';
import { TestReceiver } from './test-receiver';

/** Name of the endpoint the demo registers for its built-in receiver. */
export const DEMO_RECEIVER_NAME = 'Built-in test receiver (demo)';

/** The endpoint a receiver stands for: its name, format and digest window (the first demo receiver's by default). */
export interface DemoEndpoint {
  name: string;
  format: WebhookFormat;
  digestWindowSeconds?: number | null;
}

/**
 * Starts the built-in receiver on loopback and registers it as an endpoint (re-pointing and re-keying the one
 * from a previous start, since the port changes). `GET <receiver url>` lists what it received.
 */
export async function startDemoReceiver(
  endpoints: WebhookEndpointService,
  opts: { port?: number; keep?: number; endpoint?: DemoEndpoint } = {},
): Promise<{ receiver: TestReceiver; endpointId: string }> {
  const want: DemoEndpoint = opts.endpoint ?? { name: DEMO_RECEIVER_NAME, format: 'json' };
  const receiver = new TestReceiver({ port: opts.port ?? 0, keep: opts.keep ?? 100 });
  const url = await receiver.start();
  try {
    const existing = (await endpoints.list()).find((e) => e.name === want.name);
    if (existing) {
      await endpoints.update(existing.id, { url, enabled: true });
      const { secret } = await endpoints.rotateSecret(existing.id, { graceHours: 0 });
      receiver.setSecret(secret);
      return { receiver, endpointId: existing.id };
    }
    const { endpoint, secret } = await endpoints.create(
      {
        name: want.name,
        url,
        format: want.format,
        digestWindowSeconds: want.digestWindowSeconds ?? null,
        maxConcurrency: 8,
      },
      { name: 'system' },
    );
    receiver.setSecret(secret);
    return { receiver, endpointId: endpoint.id };
  } catch (err) {
    await receiver.stop();
    throw err;
  }
}
