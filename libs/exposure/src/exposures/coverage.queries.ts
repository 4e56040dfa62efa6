/**
 * The one definition of a covered device, for every count that says "covered" (API coverage, trend snapshots, the
 * report Summary): a physical device (distinct `physical_key`) with at least one active record that checked in
 * within `exposure.staleAfterDays` and has reported its apps. What is not covered is a coverage gap.
 */
export function coveredRecordSql(alias: string, checkedInSince: string): string {
  // coalesce: a record that never checked in is not covered (and NOT covered must then be true).
  return `(${alias}.removed_at IS NULL AND ${alias}.apps_reported AND coalesce(${alias}.last_check_in_at >= ${checkedInSince}, false))`;
}

/** A coverage gap: an active record that is not covered. */
export function coverageGapSql(alias: string, checkedInSince: string): string {
  return `(${alias}.removed_at IS NULL AND NOT ${coveredRecordSql(alias, checkedInSince)})`;
}

/** `count(...)` of covered physical devices among the rows of `alias` (a device table alias). */
export function coveredDevicesCountSql(alias: string, checkedInSince: string): string {
  return `count(DISTINCT ${alias}.physical_key) FILTER (WHERE ${coveredRecordSql(alias, checkedInSince)})`;
}
