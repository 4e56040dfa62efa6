import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeExtension, escapeHeader } from './cef.format';
import type { FormatContext, OutgoingEvent } from './outgoing-event';
import { CHAT_FORMATS, WEBHOOK_FORMATS, renderEvent } from './render';

// Golden files are the contract with SIEMs: a change shows up as a diff to review. Regenerate deliberately with
// UPDATE_GOLDEN=1.
const ctx: FormatContext = {
  source: 'interdict',
  host: 'interdict-01',
  version: '0.1.0',
  dashboardUrl: 'https://interdict.example.com',
};
// The chat formats have their own golden files and fixtures (chat-formats.spec.ts).
const SIEM_FORMATS = WEBHOOK_FORMATS.filter((f) => !CHAT_FORMATS.includes(f));

const events: OutgoingEvent[] = [
  {
    id: '0f8e3c52-6b1e-4d7a-9a43-1c2d3e4f5a6b',
    type: 'exposure.detected',
    schemaVersion: 2,
    occurredAt: new Date('2026-11-28T06:00:00.123Z'),
    orderingKey: 'device:C02XK1JHJG5H',
    productId: 'kaspersky-endpoint-security',
    severity: 'critical',
    payload: {
      exposureId: '4711',
      status: 'open',
      reason: 'new',
      standing: 'binding',
      severity: 'critical',
      device: {
        id: '1042',
        physicalKey: 'C02XK1JHJG5H',
        name: 'FIN|LAPTOP=07\\a',
        serialNumber: 'C02XK1JHJG5H',
        platform: 'windows',
        user: 'ana.lopez@example.com',
        userDisplayName: 'Ana López',
      },
      product: {
        id: 'kaspersky-endpoint-security',
        name: 'Kaspersky Endpoint Security',
        vendor: 'AO Kaspersky Lab',
      },
      rules: [
        {
          id: 'US-BIS-FD',
          title: 'Commerce/BIS Final Determination prohibiting Kaspersky ICTS transactions',
          citation: '89 FR 52434 (FR Doc 2024-13532), ICTS-2021-002',
          kind: 'binding',
          jurisdiction: 'US',
          standing: 'binding',
          status: 'prohibited',
          dueAt: '2026-12-28T05:59:58.000Z',
          excepted: false,
        },
        {
          id: 'US-FAR-52.204-23',
          title: 'FAR 52.204-23 prohibition on Kaspersky Lab covered articles for federal contractors',
          citation: '83 FR 28141, FAR subpart 4.20, clause 52.204-23',
          kind: 'binding',
          jurisdiction: 'US-federal',
          standing: 'review',
          status: 'prohibited',
          dueAt: null,
          excepted: false,
        },
      ],
      evidence: [
        {
          deviceId: '1042',
          source: { id: 'b8f0e1a2-0000-4000-8000-000000000001', name: 'Intune | EU', kind: 'intune' },
          title: 'Kaspersky Endpoint Security\nfor Windows',
          publisher: 'AO Kaspersky Lab',
          bundleId: null,
          version: '12.3.0.493',
          installPath: null,
          matcher: 'kes-name',
          firstSeenAt: '2026-11-28T05:59:58.000Z',
          lastSeenAt: '2026-11-28T05:59:58.000Z',
          goneAt: null,
        },
      ],
      firstDetectedAt: '2026-11-28T05:59:58.000Z',
      lastDetectedAt: '2026-11-28T05:59:58.000Z',
      dueAt: '2026-12-28T05:59:58.000Z',
      resolvedAt: null,
      exceptionId: null,
      catalogVersion: '9cb792bf98d580af',
    },
  },
  {
    id: '1a2b3c4d-0000-4000-8000-00000000000a',
    type: 'sync.failed',
    schemaVersion: 1,
    occurredAt: new Date('2026-11-28T06:05:00.000Z'),
    orderingKey: 'source:b8f0e1a2-0000-4000-8000-000000000001',
    productId: null,
    severity: 'medium',
    payload: {
      runId: '7c6d5e4f-0000-4000-8000-000000000002',
      source: { id: 'b8f0e1a2-0000-4000-8000-000000000001', name: 'Intune | EU', kind: 'intune' },
      status: 'failed',
      startedAt: '2026-11-28T06:00:00.000Z',
      finishedAt: '2026-11-28T06:05:00.000Z',
      counts: { devicesSeen: 120 },
      error: { code: 'auth_failed', message: 'token request refused (401)' },
    },
  },
  {
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
      scheduleId: null,
      asOf: '2026-11-28T06:00:00.000Z',
      downloadPath: '/api/v1/reports/3c4d5e6f-0000-4000-8000-000000000003/download',
    },
  },
  {
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
  },
];

function renderAll(format: (typeof WEBHOOK_FORMATS)[number]): string {
  return events
    .map((e) => {
      const r = renderEvent(format, e, ctx);
      return `### ${e.type} (${r.contentType})\n${r.body.endsWith('\n') ? r.body : `${r.body}\n`}`;
    })
    .join('');
}

describe('webhook formats', () => {
  it.each(SIEM_FORMATS.map((f) => [f]))('%s matches its golden file', (format) => {
    const file = join(__dirname, '__golden__', `${format}.golden.txt`);
    const actual = renderAll(format);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, actual);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });

  it('json is a CloudEvents envelope whose id is the event id', () => {
    const body = JSON.parse(renderEvent('json', events[0], ctx).body) as Record<string, unknown>;
    expect(body).toMatchObject({
      specversion: '1.0',
      id: events[0].id,
      type: 'exposure.detected',
      data: events[0].payload,
    });
  });

  it('splunk_hec has epoch-seconds time, the device as host and the event under "event"', () => {
    const body = JSON.parse(renderEvent('splunk_hec', events[0], ctx).body) as Record<string, unknown>;
    expect(body).toMatchObject({
      time: 1795845600.123,
      host: 'FIN|LAPTOP=07\\a',
      sourcetype: 'interdict:event',
    });
    expect(body.event).toMatchObject({ id: events[0].id, type: 'exposure.detected' });
  });

  it('ecs maps the physical device, user, package and the binding rules', () => {
    const doc = JSON.parse(renderEvent('ecs', events[0], ctx).body) as Record<
      string,
      Record<string, unknown>
    >;
    expect(doc['@timestamp']).toBe('2026-11-28T06:00:00.123Z');
    expect(doc.event).toMatchObject({
      id: events[0].id,
      kind: 'alert',
      action: 'exposure.detected',
      severity: 10,
    });
    expect(doc.host).toMatchObject({
      id: 'C02XK1JHJG5H',
      name: 'FIN|LAPTOP=07\\a',
      os: { platform: 'windows' },
    });
    expect(doc.device).toEqual({ serial_number: 'C02XK1JHJG5H' });
    expect(doc.user).toEqual({ name: 'ana.lopez@example.com', email: 'ana.lopez@example.com' });
    expect(doc.package).toEqual({ name: 'Kaspersky Endpoint Security\nfor Windows', version: '12.3.0.493' });
    // The review-standing FAR rule is in the payload but not among the rules the alert is raised under.
    expect(doc.rule).toMatchObject({
      id: ['US-BIS-FD'],
      reference: ['89 FR 52434 (FR Doc 2024-13532), ICTS-2021-002'],
      uuid: '4711',
    });
  });

  it('cef is one line: seven header fields, then the extension (where pipes need no escape)', () => {
    const line = renderEvent('cef', events[0], ctx).body;
    expect(line.split('\n')).toEqual([expect.stringMatching(/^CEF:0\|/), '']);
    expect(line).toMatch(
      /^CEF:0\|Interdict\|Interdict\|0\.1\.0\|exposure\.detected\|Banned software detected\|10\|rt=\d+ /,
    );
    expect(line).toContain('cs1Label=rules cs1=US-BIS-FD ');
    expect(line).toContain('cs5Label=exposureId cs5=4711 ');
    expect(line).toContain('dvchost=FIN|LAPTOP\\=07\\\\a');
    expect(line).toContain('cs3=Kaspersky Endpoint Security\\nfor Windows');
  });

  it('escapes CEF header and extension characters', () => {
    expect(escapeHeader('a|b\\c\nd')).toBe('a\\|b\\\\c d');
    expect(escapeExtension('a=b\\c\nd\re|f')).toBe('a\\=b\\\\c\\nd\\re|f');
  });
});
