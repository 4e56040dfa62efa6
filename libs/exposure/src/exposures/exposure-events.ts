import type { CatalogService } from '@interdict/catalog';
import type {
  Device,
  Exposure,
  ExposureEventPayload,
  OutboxEvent,
  OutboxEventType,
  Row,
} from '@interdict/database';
import { ruleViews } from './rule-views';

/** An exposure row joined with the record shown for it, as the recompute statements return it. */
export interface ExposureTransitionRow
  extends
    Omit<Row<Exposure>, 'overdue_notified_at'>,
    Pick<Row<Device>, 'serial_number' | 'platform' | 'user_principal_name' | 'user_display_name'> {
  device_name: Device['name'];
}

/** One piece of evidence as EVIDENCE_OF returns it. */
export interface EvidenceRow {
  exposure_id: string;
  device_id: string;
  source_id: string;
  source_name: string;
  source_kind: string;
  device_name: string | null;
  title: string;
  publisher: string | null;
  bundle_id: string | null;
  version: string;
  install_path: string | null;
  matcher_id: string;
  first_seen_at: Date;
  last_seen_at: Date;
  gone_at: Date | null;
  explanation: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Evidence as the event payload and the API show it. */
export function evidenceView(r: EvidenceRow): ExposureEventPayload['evidence'][number] {
  return {
    deviceId: String(r.device_id),
    source: { id: r.source_id, name: r.source_name, kind: r.source_kind },
    title: r.title,
    publisher: r.publisher,
    bundleId: r.bundle_id,
    version: r.version,
    installPath: r.install_path,
    matcher: r.matcher_id,
    firstSeenAt: iso(r.first_seen_at)!,
    lastSeenAt: iso(r.last_seen_at)!,
    goneAt: iso(r.gone_at),
  };
}

/**
 * The outbox event for one exposure transition (payload schema version 2). The idempotency key names the exposure
 * and the transition, so the event id — the `webhook-id` receivers dedupe on — is the same however often the
 * transition is written.
 */
export function exposureEvent(
  type: OutboxEventType,
  row: ExposureTransitionRow,
  evidence: readonly EvidenceRow[],
  catalog: CatalogService,
  reason: string,
  occurredAt: Date,
): OutboxEvent {
  const product = catalog.productById(row.product_id);
  const severity = row.severity as OutboxEvent['severity'];
  const payload: ExposureEventPayload = {
    exposureId: String(row.id),
    status: row.status,
    reason,
    standing: row.due_at ? 'binding' : 'review',
    severity: row.severity,
    device: {
      id: String(row.device_id),
      physicalKey: row.physical_key,
      name: row.device_name,
      serialNumber: row.serial_number,
      platform: row.platform,
      user: row.user_principal_name,
      userDisplayName: row.user_display_name,
    },
    product: { id: row.product_id, name: product?.name ?? row.product_id, vendor: product?.vendor ?? null },
    rules: ruleViews(catalog, row.rule_ids, row.excepted_rule_ids, row.first_detected_at, occurredAt).map(
      (r) => ({
        ...r,
        dueAt: iso(r.dueAt),
      }),
    ),
    evidence: evidence.map(evidenceView),
    firstDetectedAt: iso(row.first_detected_at)!,
    lastDetectedAt: iso(row.last_detected_at),
    dueAt: iso(row.due_at),
    resolvedAt: iso(row.resolved_at),
    exceptionId: row.exception_id,
    catalogVersion: catalog.version,
  };
  const stamp =
    type === 'exposure.excepted' || reason === 'exception_ended'
      ? `:${row.exception_id ?? 'none'}:${occurredAt.toISOString()}`
      : type === 'exposure.overdue'
        ? `:${iso(row.due_at)}`
        : '';
  return {
    type,
    orderingKey: `device:${row.physical_key}`,
    productId: row.product_id,
    severity,
    occurredAt,
    idempotencyKey: `exposure:${row.id}:${type.slice('exposure.'.length)}${stamp}`,
    payload: payload as unknown as Record<string, unknown>,
  };
}
