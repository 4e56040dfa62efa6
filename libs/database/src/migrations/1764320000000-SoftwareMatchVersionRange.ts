import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Catalog matchers may bound the installed version (e.g. only builds ≥ 21.9). Matching stays per title, so the
 * bounds travel with the match and findings filter installations with `interdict_version_key`, which compares
 * like the catalog's TypeScript `compareVersions` (leading dotted numbers, trailing zeros ignored).
 * Also indexes findings by rule for the day's transitions (resolved/new counts in snapshots).
 */
export class SoftwareMatchVersionRange1764320000000 implements MigrationInterface {
  name = 'SoftwareMatchVersionRange1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE software_match ADD COLUMN version_from text, ADD COLUMN version_below text`);
    await q.query(`
      CREATE FUNCTION interdict_version_key(v text) RETURNS int[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(
          (SELECT array_agg(least(p::numeric, 2000000000)::int ORDER BY ord)
             FROM unnest(string_to_array(
               regexp_replace(substring(v from '^\\s*[vV]?([0-9]+(?:\\.[0-9]+)*)'), '(\\.0+)+$', ''), '.'))
               WITH ORDINALITY AS t(p, ord)
            WHERE p <> ''),
          '{}'::int[])
      $$`);
    await q.query(
      `CREATE INDEX finding_resolved_at_idx ON finding (resolved_at) WHERE resolved_at IS NOT NULL`,
    );
    await q.query(`CREATE INDEX finding_first_detected_idx ON finding (first_detected_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX finding_first_detected_idx`);
    await q.query(`DROP INDEX finding_resolved_at_idx`);
    await q.query(`DROP FUNCTION interdict_version_key(text)`);
    await q.query(`ALTER TABLE software_match DROP COLUMN version_below, DROP COLUMN version_from`);
  }
}
