import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Controller,
  type DynamicModule,
  Get,
  Header,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  SetMetadata,
} from '@nestjs/common';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { getLogger } from './logger';

/** The process's one Prometheus registry; libs register their counters and histograms here. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'interdict_' });

// Same key as @Public() in @interdict/auth (which this lower lib cannot import): scrapers carry no API key.
const PUBLIC_KEY = 'interdict:public';

/** GET /metrics in Prometheus text format. */
@Controller('metrics')
@SetMetadata(PUBLIC_KEY, true)
export class MetricsController {
  @Get()
  @SetMetadata(PUBLIC_KEY, true)
  @Header('Content-Type', metricsRegistry.contentType)
  scrape(): Promise<string> {
    return metricsRegistry.metrics();
  }
}

/** Mount in an app to serve the shared registry at /metrics on the app's own port. */
@Module({ controllers: [MetricsController] })
export class MetricsModule {}

/**
 * GET /metrics on a listener of its own, started with the app and closed with it: for an app whose port the public
 * reaches (the api), so metrics stay on a port only the scraper's network reaches. Answers nothing else.
 */
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly server: Server = createServer((req, res) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metricsRegistry.metrics().then(
      (body) => res.writeHead(200, { 'Content-Type': metricsRegistry.contentType }).end(body),
      (err: unknown) => {
        getLogger('Metrics').error({ err }, 'metrics scrape failed');
        res.writeHead(500).end();
      },
    );
  });

  constructor(
    private readonly port: number,
    private readonly host: string,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.host, () => {
        getLogger('Metrics').info({ url: `${this.url()}/metrics` }, 'metrics listening');
        resolve();
      });
    });
  }

  /** Where it listens (the port chosen when configured as 0). */
  url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${port}`;
  }

  onApplicationShutdown(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** Serves the shared registry at /metrics on its own port (MetricsListener) instead of the app's. */
@Module({})
export class MetricsListenerModule {
  static listen(port: number, host: string): DynamicModule {
    return {
      module: MetricsListenerModule,
      providers: [{ provide: MetricsListener, useFactory: () => new MetricsListener(port, host) }],
      exports: [MetricsListener],
    };
  }
}
