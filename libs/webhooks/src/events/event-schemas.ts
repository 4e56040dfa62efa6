import type { OutboxEventType } from '@interdict/database';

/** A JSON Schema (2020-12) document, as a plain object for OpenAPI `components.schemas`. */
export type JsonSchema = { [key: string]: unknown };

/** Current payload schema version of every event type (`webhook_event.schema_version`). */
export const EVENT_SCHEMA_VERSION = 1;

const isoTime = { type: 'string', format: 'date-time' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;

const exposurePayload: JsonSchema = {
  type: 'object',
  required: ['findingId', 'status', 'device', 'product', 'rule', 'title', 'firstDetectedAt'],
  properties: {
    findingId: { type: 'string' },
    status: { enum: ['open', 'resolved', 'excepted'] },
    reason: {
      type: 'string',
      description:
        'why the event fired: new | reappeared | exception_ended | no_longer_seen | rule_disabled | exception_applied | new_under_exception | reappeared_under_exception | past_due',
    },
    device: {
      type: 'object',
      required: ['id', 'platform'],
      properties: {
        id: { type: 'string' },
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
    rule: {
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'string' },
        citation: nullableString,
        title: nullableString,
        kind: { ...nullableString, description: 'binding or advisory' },
        jurisdiction: nullableString,
      },
    },
    title: { type: 'string', description: 'the installed software title as the MDM reports it' },
    publisher: nullableString,
    bundleId: nullableString,
    version: nullableString,
    matcher: { ...nullableString, description: 'which matcher of the rule fired' },
    firstDetectedAt: isoTime,
    lastDetectedAt: nullableTime,
    dueAt: nullableTime,
    resolvedAt: nullableTime,
    exceptionId: nullableString,
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
    format: { enum: ['xlsx', 'csv'] },
    fileName: { type: 'string' },
    sizeBytes: { type: 'integer' },
    rowCount: { type: 'integer' },
    scheduleId: { type: ['string', 'null'] },
    asOf: isoTime,
    downloadPath: { type: 'string', description: 'API path the file downloads from' },
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
  'exposure.detected': [exposurePayload, 'A banned title was first seen on a device (or came back).'],
  'exposure.resolved': [exposurePayload, 'A successful sync no longer sees the banned title on the device.'],
  'exposure.overdue': [exposurePayload, 'An open finding passed its due date.'],
  'exposure.excepted': [exposurePayload, 'An exception now covers the finding.'],
  'sync.failed': [syncPayload, 'A sync run failed or was partial; nothing was marked removed.'],
  'sync.completed': [syncPayload, 'A sync run succeeded.'],
  'report.ready': [reportPayload, 'A report file is ready to download.'],
  'webhook.test': [testPayload, 'Sent on request to one endpoint to check it.'],
};

/** Every event type, in documentation order. */
export const EVENT_TYPES = Object.keys(PAYLOADS) as OutboxEventType[];

/** JSON Schema of each event type's payload (`data` in the native envelope), version 1. */
export const EVENT_SCHEMAS: Record<OutboxEventType, JsonSchema> = Object.fromEntries(
  EVENT_TYPES.map((type): [OutboxEventType, JsonSchema] => {
    const [schema, description] = PAYLOADS[type];
    return [
      type,
      {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: eventSchemaId(type),
        title: `${type} payload v${EVENT_SCHEMA_VERSION}`,
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
export function eventSchemaId(type: string, version = EVENT_SCHEMA_VERSION): string {
  return `urn:interdict:event:${type}:v${version}`;
}
