const DAY_MS = 86_400_000;

/**
 * Due date under one rule: max(first detected, the rule's remediation start) + the rule's remediation window.
 * The recompute SQL implements the same formula set-based; this is its reference and is unit-tested.
 */
export function dueDate(firstDetectedAt: Date, remediationFrom: Date, remediationDays: number): Date {
  return new Date(Math.max(firstDetectedAt.getTime(), remediationFrom.getTime()) + remediationDays * DAY_MS);
}

/**
 * Due date of an exposure: the earliest due among the binding rules that apply to it (and are not excepted);
 * null when only review rules apply — such an exposure is never overdue.
 */
export function exposureDueDate(
  firstDetectedAt: Date,
  rules: readonly { binding: boolean; remediationFrom: Date; remediationDays: number }[],
): Date | null {
  const dues = rules
    .filter((r) => r.binding)
    .map((r) => dueDate(firstDetectedAt, r.remediationFrom, r.remediationDays).getTime());
  return dues.length ? new Date(Math.min(...dues)) : null;
}

/** Overdue is a state, not a status: an open exposure whose due date has passed. */
export function isOverdue(exposure: { status: string; dueAt: Date | null }, now: Date): boolean {
  return exposure.status === 'open' && exposure.dueAt !== null && exposure.dueAt.getTime() <= now.getTime();
}

/** The same test in SQL, for a table alias and a parameter holding `now` (the one place it is written). */
export function overdueSql(alias: string, nowParam: string): string {
  return `(${alias}.status = 'open' AND ${alias}.due_at <= ${nowParam})`;
}

/**
 * The six counts every exposure summary shows over the exposures of `alias` (open, their devices, overdue and
 * their devices, for review, excepted), overdue judged at `nowParam`; `cast` (e.g. `::int`) is put after each.
 */
export function activeCountsSql(alias: string, nowParam: string, cast = ''): string {
  const overdue = overdueSql(alias, nowParam);
  return `count(*) FILTER (WHERE ${alias}.status = 'open')${cast} AS exposures,
      count(DISTINCT ${alias}.physical_key) FILTER (WHERE ${alias}.status = 'open')${cast} AS exposed_devices,
      count(*) FILTER (WHERE ${overdue})${cast} AS overdue_exposures,
      count(DISTINCT ${alias}.physical_key) FILTER (WHERE ${overdue})${cast} AS overdue_devices,
      count(*) FILTER (WHERE ${alias}.status = 'open' AND ${alias}.due_at IS NULL)${cast} AS review_exposures,
      count(*) FILTER (WHERE ${alias}.status = 'excepted')${cast} AS excepted_exposures`;
}
