import { EVENT_SCHEMA_VERSIONS, REPORT_FORMATS, type OutboxEventType } from '@interdict/database';

/** A JSON Schema (2020-12) document, as a plain object for OpenAPI `components.schemas`. */
export type JsonSchema = { [key: string]: unknown };

/** Current payload schema version of each event type (`webhook_event.schema_version`). */
export { EVENT_SCHEMA_VERSIONS };

const isoTime = { type: 'string', format: 'date-time' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;

const rule = {
  type: 'object',
  required: ['id', 'standing', 'excepted'],
  properties: {
    id: { type: 'string' },
    title: nullableString,
    citation: nullableString,
    kind: { ...nullableString, description: 'binding, advisory or review (what the rule is)' },
    jurisdiction: nullableString,
    standing: {
      enum: ['binding', 'review', 'off'],
      description: 'how the rule stands for this organisation: binding sets a due date; review never does',
    },
    status: {
      ...nullableString,
      description: "the rule's phase on the event's date (restricted, prohibited…)",
    },
    dueAt: { ...nullableTime, description: 'due under this rule; null for review or excepted rules' },
    excepted: { type: 'boolean', description: 'an exception lifts this rule for the device' },
  },
} as const;

const evidence = {
  type: 'object',
  required: ['deviceId', 'source', 'title', 'version', 'matcher', 'firstSeenAt', 'lastSeenAt'],
  properties: {
    deviceId: { type: 'string', description: 'the source record that reports it' },
    source: {
      type: 'object',
      required: ['id', 'name', 'kind'],
      properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { enum: ['intune', 'jamf'] } },
    },
    title: { type: 'string', description: 'the installed software title as the MDM reports it' },
    publisher: nullableString,
    bundleId: nullableString,
    version: { type: 'string' },
    installPath: nullableString,
    matcher: { type: 'string', description: 'the catalog matcher that fired' },
    firstSeenAt: isoTime,
    lastSeenAt: isoTime,
    goneAt: { ...nullableTime, description: 'no longer seen since (the exposure may stay open)' },
  },
} as const;

const exposurePayload: JsonSchema = {
  type: 'object',
  description:
    'One exposure: one physical device (serial-merged across sources) running one product. Receivers dedupe on the event id, which is derived from exposureId and the transition.',
  required: [
    'exposureId',
    'status',
    'standing',
    'severity',
    'device',
    'product',
    'rules',
    'evidence',
    'firstDetectedAt',
  ],
  properties: {
    exposureId: { type: 'string' },
    status: { enum: ['open', 'resolved', 'excepted'] },
    reason: {
      type: 'string',
      description:
        'why the event fired: new | reappeared | exception_ended | no_longer_seen | rule_not_applicable | exception_applied | new_under_exception | reappeared_under_exception | past_due',
    },
    standing: {
      enum: ['binding', 'review'],
      description:
        'binding: a rule that binds the organisation applies (due date); review: only review rules apply',
    },
    severity: { enum: ['critical', 'high', 'medium', 'low', 'info'] },
    device: {
      type: 'object',
      required: ['id', 'physicalKey', 'platform'],
      properties: {
        id: { type: 'string', description: 'the record shown for the device (the one its source saw last)' },
        physicalKey: { type: 'string', description: 'same value = same physical device across sources' },
        name: nullableString,
        serialNumber: nullableString,
        platform: { type: 'string', description: 'windows | macos | ios | ipados | android | linux' },
        user: { ...nullableString, description: 'primary user (UPN or e-mail)' },
        userDisplayName: nullableString,
      },
    },
    product: {
      type: 'object',
      required: ['id', 'name'],
      properties: { id: { type: 'string' }, name: { type: 'string' }, vendor: nullableString },
    },
    rules: { type: 'array', items: rule, description: 'the rules that apply, binding first' },
    evidence: {
      type: 'array',
      items: evidence,
      description: 'every source record, title and version behind it',
    },
    firstDetectedAt: isoTime,
    lastDetectedAt: nullableTime,
    dueAt: { ...nullableTime, description: 'the earliest due among binding rules; null = review only' },
    resolvedAt: nullableTime,
    exceptionId: nullableString,
    catalogVersion: { type: 'string' },
  },
};

const syncPayload: JsonSchema = {
  type: 'object',
  required: ['runId', 'source', 'status', 'startedAt'],
  properties: {
    runId: { type: 'string', format: 'uuid' },
    source: {
      type: 'object',
      required: ['id', 'name', 'kind'],
      properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { enum: ['intune', 'jamf'] } },
    },
    status: { enum: ['succeeded', 'failed', 'partial'] },
    startedAt: isoTime,
    finishedAt: nullableTime,
    counts: { type: 'object', additionalProperties: { type: 'integer' } },
    error: {
      type: ['object', 'null'],
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
};

const reportPayload: JsonSchema = {
  type: 'object',
  required: ['reportId', 'type', 'format', 'fileName', 'downloadPath'],
  properties: {
    reportId: { type: 'string', format: 'uuid' },
    type: { type: 'string', description: 'report type' },
    format: { enum: [...REPORT_FORMATS] },
    fileName: { type: 'string' },
    sizeBytes: { type: 'integer' },
    rowCount: { type: 'integer' },
    scheduleId: { type: ['string', 'null'] },
    asOf: isoTime,
    downloadPath: { type: 'string', description: 'API path the file downloads from' },
    evidencePath: {
      type: 'string',
      description: 'API path of its signed evidence pack, when one was asked for',
    },
    evidenceSha256: { type: 'string', description: "SHA-256 of the evidence pack's zip, hex" },
  },
};

const testPayload: JsonSchema = {
  type: 'object',
  required: ['endpointId', 'message'],
  properties: {
    endpointId: { type: 'string', format: 'uuid' },
    message: { type: 'string' },
    requestedBy: { type: 'string' },
  },
};

const PAYLOADS: Record<OutboxEventType, [JsonSchema, string]> = {
  'exposure.detected': [
    exposurePayload,
    'A banned product was first seen on a physical device (or came back, or its exception ended).',
  ],
  'exposure.resolved': [
    exposurePayload,
    'No source sees the product on the device any more, or no rule that applies here covers it.',
  ],
  'exposure.overdue': [exposurePayload, 'An open exposure passed its due date.'],
  'exposure.excepted': [exposurePayload, 'An exception now covers the exposure.'],
  'sync.failed': [syncPayload, 'A sync run failed or was partial; nothing was marked removed.'],
  'sync.completed': [syncPayload, 'A sync run succeeded.'],
  'report.ready': [reportPayload, 'A report file is ready to download.'],
  'webhook.test': [testPayload, 'Sent on request to one endpoint to check it.'],
};

/** Every event type, in documentation order. */
export const EVENT_TYPES = Object.keys(PAYLOADS) as OutboxEventType[];

/** JSON Schema of each event type's payload (`data` in the native envelope), at its current version. */
export const EVENT_SCHEMAS: Record<OutboxEventType, JsonSchema> = Object.fromEntries(
  EVENT_TYPES.map((type): [OutboxEventType, JsonSchema] => {
    const [schema, description] = PAYLOADS[type];
    return [
      type,
      {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: eventSchemaId(type),
        title: `${type} payload v${EVENT_SCHEMA_VERSIONS[type]}`,
        description,
        ...schema,
      },
    ];
  }),
) as Record<OutboxEventType, JsonSchema>;

/** The native JSON envelope (CloudEvents 1.0 attributes) every `json`-format endpoint receives. */
export const EVENT_ENVELOPE_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:interdict:webhook:envelope:v1',
  title: 'Interdict webhook envelope',
  type: 'object',
  required: ['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'dataschema', 'data'],
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', description: 'event id; equals the webhook-id header; receivers dedupe on it' },
    source: { type: 'string' },
    type: { enum: EVENT_TYPES },
    time: isoTime,
    datacontenttype: { const: 'application/json' },
    dataschema: { type: 'string', description: 'urn:interdict:event:<type>:v<version>' },
    subject: { type: 'string', description: 'ordering key, e.g. device:<id>' },
    severity: { type: 'string' },
    data: { type: 'object', description: 'the payload, per EVENT_SCHEMAS[type]' },
  },
};

/** `$id` of an event type's payload schema. */
export function eventSchemaId(
  type: string,
  version = EVENT_SCHEMA_VERSIONS[type as OutboxEventType] ?? 1,
): string {
  return `urn:interdict:event:${type}:v${version}`;
}
