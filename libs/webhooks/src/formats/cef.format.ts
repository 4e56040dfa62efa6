import {
  bindingRules,
  eventTitle,
  joinList,
  numericSeverity,
  pick,
  summarize,
  type FormatContext,
  type OutgoingEvent,
  type RenderedBody,
} from './outgoing-event';

/**
 * One ArcSight CEF line for syslog-over-HTTP collectors:
 * `CEF:0|Interdict|Interdict|<version>|<signatureId>|<name>|<severity>|<extension>`.
 * Long because it is the CEF extension list, one entry per key.
 */
export function renderCef(event: OutgoingEvent, ctx: FormatContext): RenderedBody {
  const p = event.payload;
  const ext: [string, string | undefined][] = [
    ['rt', String(event.occurredAt.getTime())],
    ['externalId', event.id],
    ['cat', event.type],
    ['msg', summarize(event)],
  ];
  if (event.type.startsWith('exposure.')) {
    ext.push(
      ['dvchost', pick(p, 'device.name')],
      ['duser', pick(p, 'device.user')],
      ['cs1Label', 'rules'],
      [
        'cs1',
        bindingRules(p)
          .flatMap((r) => pick(r, 'id') ?? [])
          .join(',') || undefined,
      ],
      ['cs2Label', 'product'],
      ['cs2', pick(p, 'product.name')],
      ['cs3Label', 'software'],
      ['cs3', joinList(p, 'evidence', 'title')],
      ['cs4Label', 'softwareVersion'],
      ['cs4', joinList(p, 'evidence', 'version')],
      ['cs5Label', 'exposureId'],
      ['cs5', pick(p, 'exposureId')],
      ['cs6Label', 'serial'],
      ['cs6', pick(p, 'device.serialNumber')],
      ['deviceCustomDate1Label', 'dueAt'],
      ['deviceCustomDate1', epochMs(pick(p, 'dueAt'))],
    );
  } else if (event.type.startsWith('sync.')) {
    ext.push(
      ['cs1Label', 'sourceName'],
      ['cs1', pick(p, 'source.name')],
      ['cs2Label', 'runId'],
      ['cs2', pick(p, 'runId')],
      ['outcome', pick(p, 'status')],
      ['reason', pick(p, 'error.code')],
    );
  } else if (event.type === 'report.ready') {
    ext.push(['fname', pick(p, 'fileName')], ['request', pick(p, 'downloadPath')]);
  }
  const header = [
    'CEF:0',
    'Interdict',
    'Interdict',
    ctx.version,
    event.type,
    eventTitle(event.type),
    String(numericSeverity(event)),
  ]
    .map((h, i) => (i === 0 ? h : escapeHeader(h)))
    .join('|');
  const extension = ext
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${k}=${escapeExtension(v)}`)
    .join(' ');
  return { body: `${header}|${extension}\n`, contentType: 'text/plain; charset=utf-8' };
}

/** Header fields: `\` and `|` are escaped; a line break would end the record, so it becomes a space. */
export function escapeHeader(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
}

/** Extension values: `\` and `=` are escaped, line breaks are written as `\n` / `\r`. */
export function escapeExtension(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/=/g, '\\=').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

function epochMs(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : String(t);
}
