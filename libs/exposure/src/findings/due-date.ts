const DAY_MS = 86_400_000;

/**
 * Due date of a finding: max(first detected, the rule's remediation start) + the rule's remediation window.
 * The recompute SQL implements the same formula set-based; this is its reference and is unit-tested.
 */
export function dueDate(firstDetectedAt: Date, remediationFrom: Date, remediationDays: number): Date {
  return new Date(Math.max(firstDetectedAt.getTime(), remediationFrom.getTime()) + remediationDays * DAY_MS);
}

/** Overdue is a state, not a status: an open finding whose due date has passed. */
export function isOverdue(finding: { status: string; dueAt: Date }, now: Date): boolean {
  return finding.status === 'open' && finding.dueAt.getTime() <= now.getTime();
}
