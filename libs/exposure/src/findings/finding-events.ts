import type { OutboxEvent, OutboxEventType } from '@interdict/database';
import type { CatalogService } from '@interdict/catalog';

/** A finding row joined with its device and title, as the recompute statements return it. */
export interface FindingTransitionRow {
  id: string;
  status: string;
  product_id: string;
  rule_id: string;
  matcher_id: string;
  version: string;
  first_detected_at: Date;
  last_detected_at: Date;
  resolved_at: Date | null;
  due_at: Date;
  exception_id: string | null;
  device_id: string;
  physical_key: string;
  device_name: string | null;
  serial_number: string | null;
  platform: string;
  user_principal_name: string | null;
  user_display_name: string | null;
  title: string;
  publisher: string | null;
  bundle_id: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The outbox event for one finding transition (payload documented for the webhooks lib, schema version 1). */
export function findingEvent(
  type: OutboxEventType,
  row: FindingTransitionRow,
  catalog: CatalogService,
  reason: string,
  occurredAt: Date,
): OutboxEvent {
  const rule = catalog.ruleById(row.rule_id);
  const product = catalog.productById(row.product_id);
  return {
    type,
    orderingKey: `device:${row.physical_key}`,
    productId: row.product_id,
    severity: rule?.severity,
    occurredAt,
    payload: {
      findingId: String(row.id),
      status: row.status,
      reason,
      device: {
        id: String(row.device_id),
        name: row.device_name,
        serialNumber: row.serial_number,
        platform: row.platform,
        user: row.user_principal_name,
        userDisplayName: row.user_display_name,
      },
      product: { id: row.product_id, name: product?.name ?? row.product_id, vendor: product?.vendor ?? null },
      rule: {
        id: row.rule_id,
        citation: rule?.citation ?? null,
        title: rule?.title ?? null,
        kind: rule?.kind ?? null,
        jurisdiction: rule?.jurisdiction ?? null,
      },
      title: row.title,
      publisher: row.publisher,
      bundleId: row.bundle_id,
      version: row.version,
      matcher: row.matcher_id,
      firstDetectedAt: iso(row.first_detected_at),
      lastDetectedAt: iso(row.last_detected_at),
      dueAt: iso(row.due_at),
      resolvedAt: iso(row.resolved_at),
      exceptionId: row.exception_id,
    },
  };
}
