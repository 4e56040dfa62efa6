import { AuthError } from '@interdict/auth';
import { CatalogError } from '@interdict/catalog';
import { ConnectorError } from '@interdict/connectors';
import { PagingError } from '@interdict/database';
import { ExposureError } from '@interdict/exposure';
import { InventoryError } from '@interdict/inventory';
import { OutboundError } from '@interdict/outbound';
import { ReportError } from '@interdict/reports';
import { WebhookError } from '@interdict/webhooks';
import { ApiRequestError } from './api-request.error';
import { domainStatus } from './error-status';

describe('domainStatus', () => {
  it.each([
    [new PagingError(), 400],
    [new ApiRequestError('not_available', 'x'), 501],
    [new AuthError('forbidden', 'x'), 403],
    [new AuthError('rate_limited', 'x'), 429],
    [new CatalogError('invalid_catalog', 'x'), 422],
    [new ConnectorError('bad_settings', 'x'), 400],
    [new ExposureError('exception_revoked', 'x'), 409],
    [new ExposureError('device_not_found', 'x'), 404],
    [new InventoryError('source_busy', 'x'), 409],
    [new InventoryError('connector_failed', 'x'), 502],
    [new OutboundError('unresolvable_host', 'x', 'url'), 502],
    [new ReportError('report_not_ready', 'x'), 409],
    [new WebhookError('delivery_busy', 'x'), 409],
  ])('%s → %i', (err, status) => {
    expect(domainStatus(err)).toEqual({ error: err, status });
  });

  it('judges a code by the class that threw it: an MDM refusing us is not the caller lacking a role', () => {
    // The same word means different things in two libs; a table keyed by the code alone gave both 403 and 404.
    expect(domainStatus(new AuthError('forbidden', 'x'))?.status).toBe(403);
    expect(domainStatus(new ConnectorError('forbidden', 'x'))?.status).toBe(502);
    expect(domainStatus(new ApiRequestError('not_found', 'x'))?.status).toBe(404);
    expect(domainStatus(new ConnectorError('not_found', 'x'))?.status).toBe(502);
  });

  it('gives no status to errors of other classes, whatever code they carry', () => {
    // Before, any error with a snake_case code was taken for a domain refusal (4xx) by its shape.
    expect(domainStatus(Object.assign(new Error('boom'), { code: 'source_busy' }))).toBeNull();
    expect(domainStatus({ code: 'invalid_filter' })).toBeNull();
    expect(domainStatus(null)).toBeNull();
  });
});
