import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Auditor evidence packs (docs/evidence-pack.md): a report (and a schedule, for the reports it queues) may ask for
 * one; the worker stores the signed zip next to the report file and records where it is, its size and its SHA-256
 * on the report row. Existing rows never asked for one.
 */
export class EvidencePack1764440000100 implements MigrationInterface {
  name = 'EvidencePack1764440000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report ADD COLUMN evidence boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE report ADD COLUMN evidence_storage_key text`);
    await q.query(`ALTER TABLE report ADD COLUMN evidence_size_bytes bigint`);
    await q.query(`ALTER TABLE report ADD COLUMN evidence_sha256 text`);
    await q.query(`ALTER TABLE report_schedule ADD COLUMN evidence boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_schedule DROP COLUMN evidence`);
    await q.query(`ALTER TABLE report DROP COLUMN evidence_sha256`);
    await q.query(`ALTER TABLE report DROP COLUMN evidence_size_bytes`);
    await q.query(`ALTER TABLE report DROP COLUMN evidence_storage_key`);
    await q.query(`ALTER TABLE report DROP COLUMN evidence`);
  }
}
