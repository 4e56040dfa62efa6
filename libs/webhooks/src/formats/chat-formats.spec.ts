import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { digestOf, type DigestItem, type EventDigest } from './event-digest';
import type { FormatContext, OutgoingEvent } from './outgoing-event';
import { renderDigest, renderEvent, type WebhookFormat } from './render';
import { TEAMS_MAX_BYTES } from './teams.format';

// Golden files are what a channel shows: a change is a diff to review. Regenerate deliberately with UPDATE_GOLDEN=1.
// Teams cards are checked against the published Adaptive Card 1.5 schema (test/fixtures/vendor/adaptive-cards);
// Slack publishes no schema, so Slack bodies are checked against one written from its documented Block Kit limits
// (test/fixtures/slack).
const ctx: FormatContext = {
  source: 'interdict',
  host: 'interdict-01',
  version: '0.1.0',
  dashboardUrl: 'https://interdict.example.com',
};
const fixtures = join(__dirname, '../../../../test/fixtures');

const rule = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  title: `Rule ${id} prohibiting the product`,
  citation: `Citation of ${id}`,
  kind: 'binding',
  jurisdiction: 'US',
  standing: 'binding',
  status: 'prohibited',
  dueAt: '2026-12-28T05:59:58.000Z',
  excepted: false,
  ...extra,
});

const exposure = (
  type: string,
  device: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): OutgoingEvent => ({
  id: `0f8e3c52-6b1e-4d7a-9a43-1c2d3e4f5a6${type.length % 10}`,
  type,
  schemaVersion: 2,
  occurredAt: new Date('2026-11-28T06:00:00.123Z'),
  orderingKey: 'device:C02XK1JHJG5H',
  productId: 'kaspersky-endpoint-security',
  severity: 'critical',
  payload: {
    exposureId: '4711',
    status: 'open',
    reason: type === 'exposure.overdue' ? 'past_due' : 'new',
    standing: 'binding',
    severity: 'critical',
    device: {
      id: '1042',
      physicalKey: 'C02XK1JHJG5H',
      name: 'FIN-LAPTOP-07',
      serialNumber: 'C02XK1JHJG5H',
      platform: 'windows',
      user: 'ana.lopez@example.com',
      userDisplayName: 'Ana López',
      ...device,
    },
    product: {
      id: 'kaspersky-endpoint-security',
      name: 'Kaspersky Endpoint Security',
      vendor: 'AO Kaspersky Lab',
    },
    rules: [rule('US-BIS-FD'), rule('US-FAR-52.204-23', { standing: 'review', dueAt: null })],
    evidence: [
      {
        deviceId: '1042',
        source: { id: 'b8f0e1a2-0000-4000-8000-000000000001', name: 'Intune EU', kind: 'intune' },
        title: 'Kaspersky Endpoint Security for Windows',
        version: '12.3.0.493',
        matcher: 'kes-name',
        firstSeenAt: '2026-11-28T05:59:58.000Z',
        lastSeenAt: '2026-11-28T05:59:58.000Z',
      },
    ],
    firstDetectedAt: '2026-11-28T05:59:58.000Z',
    dueAt: '2026-12-28T05:59:58.000Z',
    catalogVersion: '9cb792bf98d580af',
    ...extra,
  },
});

const syncFailed: OutgoingEvent = {
  id: '1a2b3c4d-0000-4000-8000-00000000000a',
  type: 'sync.failed',
  schemaVersion: 1,
  occurredAt: new Date('2026-11-28T06:05:00.000Z'),
  orderingKey: 'source:b8f0e1a2-0000-4000-8000-000000000001',
  productId: null,
  severity: 'medium',
  payload: {
    runId: '7c6d5e4f-0000-4000-8000-000000000002',
    source: { id: 'b8f0e1a2-0000-4000-8000-000000000001', name: 'Intune EU', kind: 'intune' },
    status: 'failed',
    startedAt: '2026-11-28T06:00:00.000Z',
    finishedAt: '2026-11-28T06:05:00.000Z',
    counts: { devicesSeen: 120 },
    error: { code: 'auth_failed', message: 'token request refused (401)' },
  },
};

const reportReady: OutgoingEvent = {
  id: '2b3c4d5e-0000-4000-8000-00000000000b',
  type: 'report.ready',
  schemaVersion: 1,
  occurredAt: new Date('2026-11-28T06:10:00.000Z'),
  orderingKey: null,
  productId: null,
  severity: null,
  payload: {
    reportId: '3c4d5e6f-0000-4000-8000-000000000003',
    type: 'exposure',
    format: 'xlsx',
    fileName: 'Example Corp exposure 2026-11-28.xlsx',
    sizeBytes: 48213,
    rowCount: 412,
    asOf: '2026-11-28T06:00:00.000Z',
    downloadPath: '/api/v1/reports/3c4d5e6f-0000-4000-8000-000000000003/download',
  },
};

const webhookTest: OutgoingEvent = {
  id: '4d5e6f70-0000-4000-8000-00000000000c',
  type: 'webhook.test',
  schemaVersion: 1,
  occurredAt: new Date('2026-11-28T06:15:00.000Z'),
  orderingKey: null,
  productId: null,
  severity: 'info',
  payload: {
    endpointId: '5e6f7081-0000-4000-8000-000000000004',
    message: 'Test from Interdict',
    requestedBy: 'admin',
  },
};

const goldenEvents: OutgoingEvent[] = [
  exposure('exposure.detected', {}),
  exposure('exposure.overdue', {}),
  syncFailed,
  reportReady,
  webhookTest,
];

// A name an attacker controls on a managed device: mrkdwn and Markdown links, a mention, HTML.
const HOSTILE = '<https://evil.example/x|Click to fix> [fix](https://evil.example/y) <!channel> & <b>';
const hostile = exposure('exposure.detected', { name: HOSTILE, userDisplayName: '*bold* _it_' });

/** A digest of `total` events over three products, the first `listed` with payloads (as the claim returns them). */
function digestFixture(total: number, listed: number): EventDigest {
  const products = [
    ['kaspersky-endpoint-security', 'Kaspersky Endpoint Security'],
    ['tiktok', 'TikTok'],
    ['wechat', 'WeChat'],
  ];
  const items: DigestItem[] = Array.from({ length: total }, (_, n) => {
    const [productId, productName] = products[n % 7 === 0 ? 1 : n % 11 === 0 ? 2 : 0];
    const base = exposure(n % 5 === 0 ? 'exposure.overdue' : 'exposure.detected', {
      id: `${n}`,
      name: `PC-${n}`,
    });
    const event = {
      ...base,
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      occurredAt: new Date(Date.parse('2026-11-28T06:00:00.000Z') + n * 1000),
      productId,
      payload: { ...base.payload, exposureId: `${n}`, product: { id: productId, name: productName } },
    };
    return { event: { ...event, payload: n < listed ? event.payload : null }, productName };
  });
  return digestOf('9d0c1f2e-0000-4000-8000-00000000d193', items);
}

function golden(name: string, actual: string): void {
  const file = join(__dirname, '__golden__', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

function pretty(body: string): string {
  return `${JSON.stringify(JSON.parse(body), null, 2)}\n`;
}

let validateSlack: ValidateFunction;
let validateCard: ValidateFunction;

beforeAll(() => {
  const slackAjv = new Ajv({ allErrors: true });
  addFormats(slackAjv);
  validateSlack = slackAjv.compile(
    JSON.parse(readFileSync(join(fixtures, 'slack/block-kit-message.schema.json'), 'utf8')) as object,
  );
  // The card schema is draft-06 with draft-04 `id` and custom keywords (`version`, `features`): not strict.
  const cardAjv = new Ajv({ strict: false, allErrors: true });
  cardAjv.addMetaSchema(draft06);
  addFormats(cardAjv);
  // Draft-06 names the schema's id `$id`; the published file still spells it `id` (draft-04), which ajv refuses.
  const { id, ...card } = JSON.parse(
    readFileSync(join(fixtures, 'vendor/adaptive-cards/adaptive-card-1.5.0.json'), 'utf8'),
  ) as Record<string, unknown>;
  validateCard = cardAjv.compile({ $id: id as string, ...card });
});

function expectValidSlack(body: string): Record<string, unknown> {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  expect(validateSlack(parsed) ? [] : validateSlack.errors).toEqual([]);
  return parsed;
}

interface TeamsBody {
  type: string;
  attachments: { contentType: string; content: Record<string, unknown> }[];
}

function expectValidTeams(body: string): Record<string, unknown> {
  expect(Buffer.byteLength(body)).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
  const parsed = JSON.parse(body) as TeamsBody;
  expect(parsed.type).toBe('message');
  expect(parsed.attachments).toHaveLength(1);
  expect(parsed.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
  const card = parsed.attachments[0].content;
  expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
  expect(validateCard(card) ? [] : validateCard.errors).toEqual([]);
  return card;
}

/** Every string under `node` at a key named `key`. */
function stringsAt(node: unknown, key: string): string[] {
  if (Array.isArray(node)) return node.flatMap((n) => stringsAt(n, key));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) =>
    k === key && typeof v === 'string' ? [v] : stringsAt(v, key),
  );
}

/** Every object under `node` whose `type` is `type`. */
function objectsOfType(node: unknown, type: string): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap((n) => objectsOfType(n, type));
  if (node === null || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  return [...(o.type === type ? [o] : []), ...Object.values(o).flatMap((v) => objectsOfType(v, type))];
}

const chatFormats: WebhookFormat[] = ['slack', 'teams'];

describe('chat webhook formats', () => {
  it.each(chatFormats.map((f) => [f]))('%s matches its golden file for each event type', (format) => {
    const actual = goldenEvents
      .map((e) => `### ${e.type}\n${pretty(renderEvent(format, e, ctx).body)}`)
      .join('');
    golden(`${format}.golden.txt`, actual);
  });

  it.each(['slack', 'teams', 'json'].map((f) => [f as WebhookFormat]))(
    '%s digest matches its golden file',
    (format) => {
      const digest = digestFixture(format === 'json' ? 3 : 1234, format === 'json' ? 3 : 10);
      const body = renderDigest(format, digest, ctx).body;
      golden(`digest-${format}.golden.txt`, pretty(body));
    },
  );

  it('every Slack body is valid Block Kit within Slack’s limits', () => {
    for (const e of [...goldenEvents, hostile]) expectValidSlack(renderEvent('slack', e, ctx).body);
    expectValidSlack(renderDigest('slack', digestFixture(10_000, 10), ctx).body);
  });

  it('every Teams body is an Adaptive Card 1.5 that the published schema accepts', () => {
    for (const e of [...goldenEvents, hostile]) expectValidTeams(renderEvent('teams', e, ctx).body);
    expectValidTeams(renderDigest('teams', digestFixture(10_000, 10), ctx).body);
  });

  it('the Slack fallback text says what, where and until when, with the exposure link', () => {
    const body = JSON.parse(renderEvent('slack', goldenEvents[1], ctx).body) as { text: string };
    expect(body.text).toBe(
      'Banned software removal overdue: Kaspersky Endpoint Security still on FIN-LAPTOP-07 (was due 2026-12-28)',
    );
  });

  it('escapes Slack control characters so a device name cannot open a link or a mention', () => {
    const body = expectValidSlack(renderEvent('slack', hostile, ctx).body);
    const texts = [...stringsAt(body.blocks, 'text'), body.text as string].join('\n');
    expect(texts).not.toMatch(/<https:\/\/evil|<!channel>|<b>/);
    expect(texts).toContain('&lt;https://evil.example/x|Click to fix&gt;');
    expect(texts).toContain('&lt;!channel&gt; &amp; &lt;b&gt;');
    // The only links are the ones built from the dashboard base, and every text object skips auto-linking.
    const links = [...texts.matchAll(/<([^>|]+)\|/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(l.startsWith('https://interdict.example.com/#/')).toBe(true);
    const verbatim = stringsAt(body.blocks, 'type').filter((t) => t === 'mrkdwn').length;
    expect(JSON.stringify(body.blocks).split('"verbatim":true').length - 1).toBe(verbatim);
  });

  it('puts Teams data only in TextRuns (no Markdown) and links only to the dashboard', () => {
    const card = expectValidTeams(renderEvent('teams', hostile, ctx).body);
    const textBlocks = JSON.stringify(objectsOfType(card.body, 'TextBlock'));
    expect(textBlocks).not.toContain('evil.example');
    expect(objectsOfType(card.body, 'TextRun').map((r) => r.text)).toContain(HOSTILE);
    const urls = stringsAt(card, 'url');
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(u.startsWith('https://interdict.example.com/#/')).toBe(true);
  });

  it('links an exposure, its device, the overdue list, a source and the reports page', () => {
    const urls = (e: OutgoingEvent) =>
      stringsAt(JSON.parse(renderEvent('teams', e, ctx).body) as unknown, 'url');
    expect(urls(goldenEvents[1])).toEqual(
      expect.arrayContaining([
        'https://interdict.example.com/#/exposures/4711',
        'https://interdict.example.com/#/devices/1042',
        'https://interdict.example.com/#/exposures?overdue=true&product=kaspersky-endpoint-security&status=open',
      ]),
    );
    expect(urls(syncFailed)).toContain(
      'https://interdict.example.com/#/sources/b8f0e1a2-0000-4000-8000-000000000001',
    );
    expect(urls(reportReady)).toContain('https://interdict.example.com/#/reports');
  });

  it('cuts an exposure with 400 long rules to fit, saying how many it left out', () => {
    const rules = Array.from({ length: 400 }, (_, i) => rule(`R-${i}`, { title: 'x'.repeat(2000) }));
    const huge = exposure('exposure.detected', { name: 'n'.repeat(5000) }, { rules });
    const slack = JSON.stringify(expectValidSlack(renderEvent('slack', huge, ctx).body));
    expect(slack).toMatch(/… and 39\d more/);
    const teams = JSON.stringify(expectValidTeams(renderEvent('teams', huge, ctx).body));
    expect(teams).toMatch(/… and 39\d more/);
  });

  it('a Teams digest of 10,000 events fits in 28 KB and counts what it does not list', () => {
    const digest = digestFixture(10_000, 10);
    const card = JSON.stringify(expectValidTeams(renderDigest('teams', digest, ctx).body));
    expect(card).toContain('Interdict digest: 10,000 events');
    expect(card).toContain('… and 9,990 more');
  });

  it('counts a digest per type and per product, largest first', () => {
    const digest = digestFixture(70, 0);
    expect(digest.total).toBe(70);
    expect(digest.byType).toEqual([
      { type: 'exposure.detected', count: 56 },
      { type: 'exposure.overdue', count: 14 },
    ]);
    expect(digest.byProduct.map((p) => [p.name, p.count])).toEqual([
      ['Kaspersky Endpoint Security', 54],
      ['TikTok', 10],
      ['WeChat', 6],
    ]);
    expect(digest.events).toEqual([]);
  });

  it('links a digest to the dashboard list its events share', () => {
    const one = digestFixture(1, 1);
    const slack = JSON.parse(renderDigest('slack', one, ctx).body) as { text: string };
    // Slack text escapes & as &amp; (Slack shows it as &).
    expect(slack.text).toContain(
      'https://interdict.example.com/#/exposures?overdue=true&amp;product=tiktok&amp;status=open',
    );
    const mixed = JSON.parse(renderDigest('slack', digestFixture(20, 5), ctx).body) as { text: string };
    expect(mixed.text).toMatch(/ — https:\/\/interdict\.example\.com\/#\/exposures\?status=open$/);
    expect(mixed.text).toContain('Interdict digest: 20 events (16 banned software detected');
  });

  it('keeps the SIEM formats whole in a digest: one CloudEvents batch, one NDJSON line per event', () => {
    const digest = digestFixture(4, 4);
    const batch = renderDigest('json', digest, ctx);
    expect(batch.contentType).toBe('application/cloudevents-batch+json');
    expect((JSON.parse(batch.body) as { id: string }[]).map((e) => e.id)).toEqual(
      digest.events.map((e) => e.id),
    );
    expect(renderDigest('ecs', digest, ctx).body.trimEnd().split('\n')).toHaveLength(4);
    expect(renderDigest('cef', digest, ctx).body.trimEnd().split('\n')).toHaveLength(4);
  });
});
