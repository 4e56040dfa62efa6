import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { physicalKey } from '@interdict/inventory';

/**
 * Empties the inventory and loads `n` open exposures with their evidence by COPY: two per device (two Kaspersky
 * products, one title each), so N exposures are N rows of an exposed-devices report; ids are 1..n.
 * Long because it loads the tables one after another with COPY, in dependency order.
 */
export async function loadExposures(client: Client, n: number): Promise<void> {
  await client.query(
    `TRUNCATE exposure, exposure_evidence, installation, device, software, source, report, webhook_event
     RESTART IDENTITY CASCADE`,
  );
  const [{ id: sourceId }] = (
    await client.query(`INSERT INTO source (kind, name) VALUES ('intune', 'Bench Intune') RETURNING id`)
  ).rows;
  await client.query(
    `INSERT INTO software (identity_key, platform, name, name_norm, publisher)
     SELECT gen_random_uuid(), 'windows', 'Kaspersky Endpoint Security ' || g, 'kaspersky endpoint security ' || g,
            'AO Kaspersky Lab' FROM generate_series(0, 1) g`,
  );
  const devices = Math.ceil(n / 2);
  const now = new Date().toISOString();
  // Keys as the sync writes them (a real serial is the physical key).
  const keyOf = (i: number) => physicalKey(sourceId, `dev-${i}`, `SN${i}`);
  // Two exposures per device (two products, one title each), so N exposures are N report rows; device and exposure
  // ids are 1..n after RESTART IDENTITY.
  function* deviceLines(): Generator<string> {
    let buf = '';
    for (let i = 0; i < devices; i++) {
      buf += `${sourceId}\tdev-${i}\t${keyOf(i)}\tDESKTOP-${i}\tSN${i}\twindows\t10.0.22631\tuser${i % 5000}@example.com\tUser ${i % 5000}\t${now}\t${now}\tt\t${now}\t${now}\n`;
      if (i % 2000 === 1999) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }
  await pipeline(
    Readable.from(deviceLines()),
    client.query(
      copyFrom(
        `COPY device (source_id, external_id, physical_key, name, serial_number, platform, os_version,
           user_principal_name, user_display_name, last_check_in_at, inventory_reported_at, apps_reported,
           first_seen_at, last_seen_at) FROM STDIN`,
      ),
    ),
  );
  function* exposureLines(): Generator<string> {
    let buf = '';
    for (let i = 0; i < n; i++) {
      const device = Math.floor(i / 2) + 1;
      const product = i % 2 ? 'kaspersky-consumer' : 'kaspersky-endpoint-security';
      const due = new Date(Date.UTC(2026, 0, 1) + (i % 600) * 86_400_000).toISOString();
      buf += `${keyOf(device - 1)}\t${product}\t${device}\topen\tcritical\t{US-BIS-FD,US-EL-2024,TX-PTL-2023}\t2025-12-01T00:00:00Z\t${now}\t${due}\n`;
      if (i % 2000 === 1999) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }
  await pipeline(
    Readable.from(exposureLines()),
    client.query(
      copyFrom(
        `COPY exposure (physical_key, product_id, device_id, status, severity, rule_ids, first_detected_at,
           last_detected_at, due_at) FROM STDIN`,
      ),
    ),
  );
  function* evidenceLines(): Generator<string> {
    let buf = '';
    for (let i = 0; i < n; i++) {
      buf += `${i + 1}\t${Math.floor(i / 2) + 1}\t${(i % 2) + 1}\t21.3.10.391\tkes-name\t2025-12-01T00:00:00Z\t${now}\n`;
      if (i % 2000 === 1999) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }
  await pipeline(
    Readable.from(evidenceLines()),
    client.query(
      copyFrom(
        `COPY exposure_evidence (exposure_id, device_id, software_id, version, matcher_id, first_seen_at, last_seen_at)
         FROM STDIN`,
      ),
    ),
  );
  await client.query('ANALYZE device; ANALYZE exposure; ANALYZE exposure_evidence; ANALYZE software');
}
