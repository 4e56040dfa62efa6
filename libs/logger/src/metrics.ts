import { Controller, Get, Header, Module, SetMetadata } from '@nestjs/common';
import { Registry, collectDefaultMetrics } from 'prom-client';

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

/** Mount in an app to serve the shared registry at /metrics. */
@Module({ controllers: [MetricsController] })
export class MetricsModule {}
