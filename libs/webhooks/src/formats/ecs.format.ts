import {
  bindingRules,
  joinList,
  numericSeverity,
  pick,
  summarize,
  type FormatContext,
  type OutgoingEvent,
  type RenderedBody,
} from './outgoing-event';

const ECS_VERSION = '8.11.0';

/** Elastic Common Schema document: event.*, host.*, user.*, package.*, rule.*, the raw payload under `interdict`. */
export function renderEcs(event: OutgoingEvent, ctx: FormatContext): RenderedBody {
  const p = event.payload;
  const doc: Record<string, unknown> = {
    '@timestamp': event.occurredAt.toISOString(),
    ecs: { version: ECS_VERSION },
    message: summarize(event),
    event: {
      id: event.id,
      kind: kindOf(event.type),
      category: categoryOf(event.type),
      type: typeOf(event.type),
      action: event.type,
      severity: numericSeverity(event),
      ...(outcomeOf(event) ? { outcome: outcomeOf(event) } : {}),
      module: 'interdict',
      dataset: `interdict.${event.type.split('.')[0]}`,
      provider: ctx.source,
    },
    observer: { vendor: 'Interdict', product: 'Interdict', version: ctx.version, hostname: ctx.host },
  };
  if (event.type.startsWith('exposure.')) {
    doc.host = compact({
      id: pick(p, 'device.physicalKey') ?? pick(p, 'device.id'),
      name: pick(p, 'device.name'),
      hostname: pick(p, 'device.name'),
      os: compact({ platform: pick(p, 'device.platform'), version: pick(p, 'device.osVersion') }),
    });
    const serial = pick(p, 'device.serialNumber');
    if (serial) doc.device = { serial_number: serial };
    const user = pick(p, 'device.user');
    if (user) doc.user = compact({ name: user, email: user.includes('@') ? user : undefined });
    // One exposure can stand on several titles (one per source) and several rules: ECS keyword fields take lists.
    const rules = bindingRules(p);
    const list = (key: string) => {
      const values = [...new Set(rules.flatMap((r) => pick(r, key) ?? []))];
      return values.length ? values : undefined;
    };
    doc.package = compact({
      name: joinList(p, 'evidence', 'title'),
      version: joinList(p, 'evidence', 'version'),
    });
    doc.rule = compact({
      id: list('id'),
      name: pick(p, 'product.name'),
      reference: list('citation'),
      ruleset: list('jurisdiction'),
      category: 'banned-software',
      uuid: pick(p, 'exposureId'),
    });
  }
  if (event.type === 'report.ready') doc.file = compact({ name: pick(p, 'fileName') });
  if (event.orderingKey) doc.labels = { ordering_key: event.orderingKey };
  doc.interdict = { type: event.type, schema_version: event.schemaVersion, data: p };
  return { body: JSON.stringify(doc), contentType: 'application/json' };
}

function kindOf(type: string): 'alert' | 'event' {
  return type === 'exposure.detected' || type === 'exposure.overdue' ? 'alert' : 'event';
}

function categoryOf(type: string): string[] {
  if (type.startsWith('exposure.')) return ['package', 'host'];
  if (type === 'report.ready') return ['file'];
  return ['configuration'];
}

function typeOf(type: string): string[] {
  switch (type) {
    case 'exposure.detected':
      return ['installation', 'info'];
    case 'exposure.resolved':
      return ['deletion', 'end'];
    case 'exposure.excepted':
      return ['change'];
    case 'report.ready':
      return ['creation'];
    default:
      return ['info'];
  }
}

function outcomeOf(event: OutgoingEvent): 'success' | 'failure' | undefined {
  if (event.type === 'sync.failed') return 'failure';
  if (event.type === 'sync.completed') return 'success';
  return undefined;
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o).filter(
      ([, v]) => v !== undefined && !(typeof v === 'object' && v !== null && !Object.keys(v).length),
    ),
  );
}
