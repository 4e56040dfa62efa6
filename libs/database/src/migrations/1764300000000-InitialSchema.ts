import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first data model (docs/architecture.md §3 describes today's). Notes on the choices:
 * - `installation` is the 15M-row table: a narrow composite primary key (device_id, software_id, version),
 *   bigint ids, and a partial index on active rows by software so exposure joins only touch matched titles.
 * - Devices carry `physical_key` (normalised serial, else source+external id) so one Mac seen by Jamf and
 *   Intune counts once while both source records are kept.
 * - `finding` keeps history: a reopened exposure is a new row; at most one active row per
 *   (device, software, rule) is enforced by a partial unique index.
 * - Jobs, leases and the webhook outbox live here so several workers coordinate through Postgres only.
 */
export class InitialSchema1764300000000 implements MigrationInterface {
  name = 'InitialSchema1764300000000';

  // Long because a migration is one list of statements applied in order, and a merged migration is never changed
  // (docs/conventions.md §6).
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    await q.query(`
      CREATE TABLE source (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CONSTRAINT source_kind_check CHECK (kind IN ('intune', 'jamf')),
        name text NOT NULL CONSTRAINT source_name_key UNIQUE,
        settings jsonb NOT NULL DEFAULT '{}',
        secret_ciphertext bytea,
        schedule_cron text,
        enabled boolean NOT NULL DEFAULT true,
        declared_in text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE sync_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source_id uuid NOT NULL CONSTRAINT sync_run_source_fk REFERENCES source(id) ON DELETE CASCADE,
        trigger text NOT NULL DEFAULT 'manual',
        status text NOT NULL DEFAULT 'running'
          CONSTRAINT sync_run_status_check CHECK (status IN ('running', 'succeeded', 'failed', 'partial')),
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        lease_until timestamptz,
        worker_id text,
        devices_seen integer NOT NULL DEFAULT 0,
        installations_seen integer NOT NULL DEFAULT 0,
        devices_new integer NOT NULL DEFAULT 0,
        devices_removed integer NOT NULL DEFAULT 0,
        installations_new integer NOT NULL DEFAULT 0,
        installations_removed integer NOT NULL DEFAULT 0,
        requests integer NOT NULL DEFAULT 0,
        error_code text,
        error_message text
      )`);
    await q.query(`CREATE INDEX sync_run_source_started_idx ON sync_run (source_id, started_at DESC)`);
    await q.query(
      `CREATE UNIQUE INDEX sync_run_one_running_per_source ON sync_run (source_id) WHERE status = 'running'`,
    );

    await q.query(`
      CREATE TABLE device (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        source_id uuid NOT NULL CONSTRAINT device_source_fk REFERENCES source(id) ON DELETE CASCADE,
        external_id text NOT NULL,
        physical_key text NOT NULL,
        name text,
        serial_number text,
        platform text NOT NULL,
        os_version text,
        user_principal_name text,
        user_display_name text,
        ownership text,
        enrolled_at timestamptz,
        last_check_in_at timestamptz,
        inventory_reported_at timestamptz,
        apps_reported boolean NOT NULL DEFAULT false,
        tags text[] NOT NULL DEFAULT '{}',
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        removed_at timestamptz,
        CONSTRAINT device_source_external_key UNIQUE (source_id, external_id)
      )`);
    await q.query(`CREATE INDEX device_physical_key_idx ON device (physical_key)`);
    await q.query(
      `CREATE INDEX device_active_source_idx ON device (source_id, platform) WHERE removed_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX device_last_check_in_idx ON device (last_check_in_at) WHERE removed_at IS NULL`,
    );
    await q.query(`CREATE INDEX device_serial_idx ON device (serial_number) WHERE serial_number IS NOT NULL`);
    await q.query(`CREATE INDEX device_user_idx ON device (lower(user_principal_name))`);
    await q.query(`CREATE INDEX device_tags_idx ON device USING gin (tags)`);

    await q.query(`
      CREATE TABLE software (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        identity_key uuid NOT NULL CONSTRAINT software_identity_key UNIQUE,
        platform text NOT NULL,
        name text NOT NULL,
        name_norm text NOT NULL,
        publisher text,
        bundle_id text,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        matched_catalog_version text
      )`);
    await q.query(
      `CREATE INDEX software_unmatched_idx ON software (id) WHERE matched_catalog_version IS NULL`,
    );
    await q.query(`CREATE INDEX software_name_norm_idx ON software (name_norm text_pattern_ops)`);

    await q.query(`
      CREATE TABLE software_match (
        software_id bigint NOT NULL CONSTRAINT software_match_software_fk REFERENCES software(id) ON DELETE CASCADE,
        product_id text NOT NULL,
        matcher_id text NOT NULL,
        explanation text NOT NULL,
        catalog_version text NOT NULL,
        CONSTRAINT software_match_pkey PRIMARY KEY (software_id, product_id)
      )`);
    await q.query(`CREATE INDEX software_match_product_idx ON software_match (product_id)`);

    await q.query(`
      CREATE TABLE installation (
        device_id bigint NOT NULL CONSTRAINT installation_device_fk REFERENCES device(id) ON DELETE CASCADE,
        software_id bigint NOT NULL CONSTRAINT installation_software_fk REFERENCES software(id),
        version text NOT NULL DEFAULT '',
        install_path text,
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        removed_at timestamptz,
        CONSTRAINT installation_pkey PRIMARY KEY (device_id, software_id, version)
      )`);
    await q.query(
      `CREATE INDEX installation_active_software_idx ON installation (software_id, device_id) WHERE removed_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE exception (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        rule_id text,
        product_id text,
        scope_type text NOT NULL CONSTRAINT exception_scope_type_check CHECK (scope_type IN ('device', 'serial', 'group')),
        scope_value text NOT NULL,
        reason text NOT NULL,
        approved_by text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CONSTRAINT exception_target_check CHECK (rule_id IS NOT NULL OR product_id IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX exception_active_idx ON exception (scope_type, scope_value) WHERE revoked_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE finding (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        device_id bigint NOT NULL CONSTRAINT finding_device_fk REFERENCES device(id) ON DELETE CASCADE,
        software_id bigint NOT NULL CONSTRAINT finding_software_fk REFERENCES software(id),
        product_id text NOT NULL,
        rule_id text NOT NULL,
        matcher_id text NOT NULL,
        version text NOT NULL DEFAULT '',
        status text NOT NULL CONSTRAINT finding_status_check CHECK (status IN ('open', 'resolved', 'excepted')),
        first_detected_at timestamptz NOT NULL,
        last_detected_at timestamptz NOT NULL,
        resolved_at timestamptz,
        due_at timestamptz NOT NULL,
        overdue_notified_at timestamptz,
        exception_id uuid CONSTRAINT finding_exception_fk REFERENCES exception(id) ON DELETE SET NULL
      )`);
    await q.query(
      `CREATE UNIQUE INDEX finding_one_active_idx ON finding (device_id, software_id, rule_id) WHERE status <> 'resolved'`,
    );
    await q.query(`CREATE INDEX finding_open_due_idx ON finding (due_at) WHERE status = 'open'`);
    await q.query(`CREATE INDEX finding_rule_status_idx ON finding (rule_id, status)`);
    await q.query(`CREATE INDEX finding_product_status_idx ON finding (product_id, status)`);
    await q.query(`CREATE INDEX finding_device_idx ON finding (device_id)`);

    await q.query(`
      CREATE TABLE exposure_snapshot (
        day date NOT NULL,
        rule_id text NOT NULL,
        product_id text NOT NULL,
        platform text NOT NULL,
        open_count integer NOT NULL DEFAULT 0,
        new_count integer NOT NULL DEFAULT 0,
        resolved_count integer NOT NULL DEFAULT 0,
        overdue_count integer NOT NULL DEFAULT 0,
        excepted_count integer NOT NULL DEFAULT 0,
        exposed_devices integer NOT NULL DEFAULT 0,
        devices_covered integer NOT NULL DEFAULT 0,
        taken_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT exposure_snapshot_pkey PRIMARY KEY (day, rule_id, product_id, platform)
      )`);

    await q.query(`
      CREATE TABLE report_schedule (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        cron text NOT NULL,
        timezone text NOT NULL DEFAULT 'UTC',
        report_type text NOT NULL,
        format text NOT NULL CONSTRAINT report_schedule_format_check CHECK (format IN ('xlsx', 'csv')),
        filters jsonb NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT true,
        keep_count integer,
        keep_days integer,
        last_run_at timestamptz,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_type text NOT NULL,
        format text NOT NULL CONSTRAINT report_format_check CHECK (format IN ('xlsx', 'csv')),
        filters jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'queued'
          CONSTRAINT report_status_check CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
        schedule_id uuid CONSTRAINT report_schedule_fk REFERENCES report_schedule(id) ON DELETE SET NULL,
        requested_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        lease_until timestamptz,
        file_name text,
        storage_key text,
        size_bytes bigint,
        row_count integer,
        error_message text,
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX report_queue_idx ON report (created_at) WHERE status = 'queued'`);
    await q.query(`CREATE INDEX report_created_idx ON report (created_at DESC)`);

    await q.query(`
      CREATE TABLE webhook_endpoint (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        url text NOT NULL,
        format text NOT NULL DEFAULT 'json'
          CONSTRAINT webhook_endpoint_format_check CHECK (format IN ('json', 'splunk_hec', 'ecs', 'cef')),
        secret_ciphertext bytea NOT NULL,
        previous_secret_ciphertext bytea,
        previous_secret_expires_at timestamptz,
        event_types text[] NOT NULL DEFAULT '{}',
        product_ids text[] NOT NULL DEFAULT '{}',
        severities text[] NOT NULL DEFAULT '{}',
        headers_ciphertext bytea,
        timeout_ms integer NOT NULL DEFAULT 10000,
        max_concurrency integer NOT NULL DEFAULT 4,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE webhook_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type text NOT NULL,
        schema_version integer NOT NULL DEFAULT 1,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        ordering_key text,
        product_id text,
        severity text,
        payload jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX webhook_event_occurred_idx ON webhook_event (occurred_at)`);

    await q.query(`
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL CONSTRAINT webhook_delivery_event_fk REFERENCES webhook_event(id) ON DELETE CASCADE,
        endpoint_id uuid NOT NULL CONSTRAINT webhook_delivery_endpoint_fk REFERENCES webhook_endpoint(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'pending'
          CONSTRAINT webhook_delivery_status_check CHECK (status IN ('pending', 'delivering', 'delivered', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        ordering_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        last_status_code integer,
        last_error text,
        CONSTRAINT webhook_delivery_event_endpoint_key UNIQUE (event_id, endpoint_id)
      )`);
    await q.query(
      `CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX webhook_delivery_endpoint_idx ON webhook_delivery (endpoint_id, created_at DESC)`,
    );

    await q.query(`
      CREATE TABLE webhook_attempt (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        delivery_id uuid NOT NULL CONSTRAINT webhook_attempt_delivery_fk REFERENCES webhook_delivery(id) ON DELETE CASCADE,
        attempted_at timestamptz NOT NULL DEFAULT now(),
        status_code integer,
        latency_ms integer,
        response_excerpt text,
        error text
      )`);
    await q.query(`CREATE INDEX webhook_attempt_delivery_idx ON webhook_attempt (delivery_id, attempted_at)`);

    await q.query(`
      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        prefix text NOT NULL CONSTRAINT api_key_prefix_key UNIQUE,
        key_hash bytea NOT NULL,
        role text NOT NULL CONSTRAINT api_key_role_check CHECK (role IN ('viewer', 'analyst', 'admin')),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        expires_at timestamptz,
        revoked_at timestamptz
      )`);

    await q.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_type text NOT NULL,
        actor_id text,
        actor_name text NOT NULL,
        action text NOT NULL,
        target_type text,
        target_id text,
        before jsonb,
        after jsonb,
        ip text,
        request_id text
      )`);
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at DESC)`);
    await q.query(`CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id)`);

    await q.query(`
      CREATE TABLE job (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        key text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'queued'
          CONSTRAINT job_status_check CHECK (status IN ('queued', 'running', 'done', 'failed')),
        run_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        locked_by text,
        lease_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        error text
      )`);
    // Overlapping triggers coalesce: at most one queued job per key.
    await q.query(`CREATE UNIQUE INDEX job_one_queued_per_key ON job (key) WHERE status = 'queued'`);
    await q.query(`CREATE INDEX job_due_idx ON job (run_at) WHERE status = 'queued'`);
    await q.query(`CREATE INDEX job_running_lease_idx ON job (lease_until) WHERE status = 'running'`);

    await q.query(`
      CREATE TABLE system_state (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'system_state',
      'job',
      'audit_log',
      'api_key',
      'webhook_attempt',
      'webhook_delivery',
      'webhook_event',
      'webhook_endpoint',
      'report',
      'report_schedule',
      'exposure_snapshot',
      'finding',
      'exception',
      'installation',
      'software_match',
      'software',
      'device',
      'sync_run',
      'source',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
