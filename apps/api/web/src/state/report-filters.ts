// "Download this view": the report filters that select what a list shows, and the list filters a report cannot
// express (named on the page). Pure, so it is unit-tested.
import type { components } from '../api/schema';

type ReportFilters = NonNullable<components['schemas']['CreateReportRequest']['filters']>;
type Status = NonNullable<ReportFilters['status']>[number];

const CARRIED = ['product', 'rule', 'platform', 'source'] as const;

/**
 * The report filters for a list's `filters`. `everyStatus`: the list shows every exposure status when it names
 * none (the exposure list), while a report's default is open ones only.
 */
export function reportFiltersOf(
  filters: Record<string, string>,
  everyStatus = false,
): { filters: ReportFilters; dropped: string[] } {
  const out: ReportFilters = {};
  const dropped: string[] = [];
  for (const key of CARRIED) if (filters[key]) out[key] = [filters[key]];
  // The list's search and severity are the report's `search` and `severity`.
  if (filters.q) out.search = [filters.q];
  if (filters.severity) out.severity = [filters.severity];
  const status = filters.status as Status | undefined;
  const openOrAny = !status || status === 'open';
  // `overdue` and `review` are kinds of open exposure the report selects by status.
  if (filters.overdue === 'true' && openOrAny) out.status = ['overdue'];
  else if (filters.standing === 'review' && openOrAny) out.status = ['review'];
  else if (status) out.status = [status];
  else if (everyStatus) out.status = ['open', 'excepted', 'resolved'];
  for (const [key, value] of Object.entries(filters)) {
    if (['sort', 'status', 'q', 'severity', ...CARRIED].includes(key)) continue;
    const used =
      (key === 'overdue' && value === 'true' && out.status?.[0] === 'overdue') ||
      (key === 'standing' && value === 'review' && out.status?.[0] === 'review');
    if (!used) dropped.push(key);
  }
  return { filters: out, dropped };
}
