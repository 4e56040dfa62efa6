import { headerDifferences, securityHeadersOf } from './e2e/edge-check';

// test/e2e/api-edge.e2e-spec.ts passes only while both paths answer alike; these show its comparisons would catch
// the mistakes it exists for, without leaving a broken app behind.
describe('the edge checks of api-edge.e2e-spec.ts', () => {
  const pipeline = {
    'x-request-id': 'edge-1',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    etag: '"abc"',
    'cache-control': 'private, no-cache',
    'content-type': 'application/json; charset=utf-8',
    'content-length': '42',
    date: 'Mon, 01 Jan 2026 00:00:00 GMT',
    connection: 'keep-alive',
  };

  it('find nothing between two answers that differ only in date and connection', () => {
    const hot = { ...pipeline, date: 'Mon, 01 Jan 2026 00:00:01 GMT', connection: 'close' };
    expect(headerDifferences(pipeline, hot)).toEqual([]);
    expect(headerDifferences(new Headers(pipeline), hot)).toEqual([]);
  });

  it('catch a header set only by an Express middleware (missing from the hot answer)', () => {
    const viaExpress = { ...pipeline, 'strict-transport-security': 'max-age=63072000' };
    expect(headerDifferences(viaExpress, pipeline)).toEqual([
      'strict-transport-security: pipeline "max-age=63072000", hot undefined',
    ]);
  });

  it('catch a header only the hot path sets, and one both set differently', () => {
    expect(headerDifferences(pipeline, { ...pipeline, 'x-hot': '1' })).toEqual([
      'x-hot: pipeline undefined, hot "1"',
    ]);
    expect(headerDifferences(pipeline, { ...pipeline, 'referrer-policy': 'origin' })).toEqual([
      'referrer-policy: pipeline "no-referrer", hot "origin"',
    ]);
  });

  it('pick security headers by name, including ones the edge does not set', () => {
    expect(securityHeadersOf({ ...pipeline, 'X-Frame-Options': 'DENY', 'X-Powered-By': 'Express' })).toEqual({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'x-powered-by': 'Express',
    });
  });
});
