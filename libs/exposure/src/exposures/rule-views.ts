import type { CatalogService } from '@interdict/catalog';
import { dueDate } from './due-date';

/** One rule behind an exposure, as people, reports and events see it. */
export interface ExposureRuleView {
  id: string;
  title: string | null;
  citation: string | null;
  kind: string | null;
  jurisdiction: string | null;
  /** How the rule stands for this organisation: binding rules set due dates; review rules never do. */
  standing: 'binding' | 'review' | 'off';
  /** Why it stands so (the policy's sentence). */
  why: string | null;
  /** The rule's phase on the given date (restricted, prohibited, advisory, review). */
  status: string | null;
  /** Due under this rule; null for review rules and excepted rules. */
  dueAt: Date | null;
  excepted: boolean;
  source: string | null;
}

/** The rules of an exposure, binding first, each with its status on `at` and its own due date. */
export function ruleViews(
  catalog: CatalogService,
  ruleIds: readonly string[],
  exceptedRuleIds: readonly string[],
  firstDetectedAt: Date,
  at: Date,
): ExposureRuleView[] {
  const views = ruleIds.map((id): ExposureRuleView => {
    const rule = catalog.ruleById(id);
    const applicability = catalog.applicability(id);
    const standing = applicability?.standing ?? 'off';
    const excepted = exceptedRuleIds.includes(id);
    const phase = rule?.phases.filter((p) => p.date <= at.toISOString().slice(0, 10)).at(-1);
    return {
      id,
      title: rule?.title ?? null,
      citation: rule?.citation ?? null,
      kind: rule?.kind ?? null,
      jurisdiction: rule?.jurisdiction ?? null,
      standing,
      why: applicability?.reason ?? null,
      status: phase?.status ?? null,
      dueAt:
        rule && standing === 'binding' && !excepted
          ? dueDate(new Date(firstDetectedAt), rule.remediationFrom, rule.remediationDays)
          : null,
      excepted,
      source: rule?.source ?? null,
    };
  });
  const order = { binding: 0, review: 1, off: 2 };
  return views.sort((a, b) => order[a.standing] - order[b.standing]);
}
