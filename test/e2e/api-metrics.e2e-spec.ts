import { MetricsListener } from '@interdict/logger';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

describe('api /metrics', () => {
  describe('without http.metricsPort', () => {
    let t: ApiTestApp;
    beforeAll(async () => {
      t = await startApiTestApp();
    });
    afterAll(async () => t?.close());

    it('is served on the API port, without an API key (development and npm start)', async () => {
      const res = await fetch(`${t.url}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('interdict_process_cpu_seconds_total');
    });
  });

  describe('with http.metricsPort (API_METRICS_PORT), as docker-compose runs it', () => {
    let t: ApiTestApp;
    let metricsUrl: string;
    beforeAll(async () => {
      t = await startApiTestApp({ API_METRICS_PORT: '0' });
      metricsUrl = t.app.get(MetricsListener).url();
    });
    afterAll(async () => t?.close());

    it('is not served on the API port, with or without a key', async () => {
      expect((await fetch(`${t.url}/metrics`)).status).toBe(404);
      expect((await t.call('/metrics', { as: 'admin' })).status).toBe(404);
    });

    it('is served on its own port, and nothing else is', async () => {
      expect(metricsUrl).not.toBe(t.url);
      const res = await fetch(`${metricsUrl}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      expect(await res.text()).toContain('interdict_process_cpu_seconds_total');
      for (const path of ['/', '/health', '/api/v1/exposure/summary', '/metrics/../api/docs'])
        expect({ path, status: (await fetch(`${metricsUrl}${path}`)).status }).toEqual({ path, status: 404 });
    });

    it('stops listening when the api closes', async () => {
      const other = await startApiTestApp({ API_METRICS_PORT: '0' });
      const url = other.app.get(MetricsListener).url();
      expect((await fetch(`${url}/metrics`)).status).toBe(200);
      await other.close();
      await expect(fetch(`${url}/metrics`)).rejects.toThrow();
    });
  });
});
