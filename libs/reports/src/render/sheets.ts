import type { CellValue } from '../csv/csv-row';
import type {
  CoverageRow,
  EvidenceRow,
  ExceptionRow,
  ExposedDeviceRow,
  RuleCountRow,
  SoftwareRow,
} from '../data/report.queries';
import type { RuleDirectory } from '../rule-directory';

/** How a column's cells are written: text (neutralised), a real date, a whole number, a link, yes/no. */
export type ColumnKind = 'text' | 'date' | 'int' | 'link' | 'bool';

export interface ColumnSpec {
  header: string;
  width: number;
  kind: ColumnKind;
}

/** A table sheet: its columns and how one database row becomes cells. */
export interface TableSheet<R> {
  name: string;
  columns: ColumnSpec[];
  toCells(row: R): CellValue[];
}

const text = (header: string, width = 18): ColumnSpec => ({ header, width, kind: 'text' });
const date = (header: string): ColumnSpec => ({ header, width: 18, kind: 'date' });
const int = (header: string, width = 12): ColumnSpec => ({ header, width, kind: 'int' });

/** A rule cell: its citation linked to the rule's source when the catalog knows it, else the rule id. */
export function ruleCell(rules: RuleDirectory, ruleId: string | null): CellValue {
  if (ruleId === null) return null;
  const rule = rules.describeRule(ruleId);
  return rule ? { text: rule.citation, hyperlink: rule.sourceUrl } : ruleId;
}

const productCell = (rules: RuleDirectory, productId: string | null): CellValue =>
  productId === null ? null : (rules.productName(productId) ?? productId);

const citations = (rules: RuleDirectory, ids: string[]) =>
  ids.map((id) => rules.describeRule(id)?.citation ?? id).join('; ');

/** One row per exposure: a physical device running a product, with the rules that apply and their due date. */
export function exposedDevicesSheet(rules: RuleDirectory): TableSheet<ExposedDeviceRow> {
  return {
    name: 'Exposed devices',
    columns: [
      text('Device', 24),
      text('Serial'),
      text('User', 24),
      text('User principal name', 28),
      text('Platform', 10),
      text('OS version', 14),
      text('Source(s)', 20),
      text('Product', 22),
      text('Severity', 10),
      text('Standing', 10),
      text('Rules', 30),
      text('Rule citations', 40),
      text('Titles', 30),
      text('Versions', 14),
      text('Publishers', 20),
      text('Bundle / package ids', 26),
      text('Status', 10),
      date('First detected (UTC)'),
      date('Last seen (UTC)'),
      date('Last check-in (UTC)'),
      date('Due (UTC)'),
      int('Days overdue'),
      int('Exposure id', 10),
    ],
    toCells: (r) => [
      r.device_name,
      r.serial_number,
      r.user_name,
      r.user_principal_name,
      r.platform,
      r.os_version,
      r.sources,
      productCell(rules, r.product_id),
      r.severity,
      r.standing,
      r.rule_ids.join(', '),
      citations(rules, r.rule_ids),
      r.titles,
      r.versions,
      r.publishers,
      r.bundle_ids,
      r.status,
      r.first_detected_at,
      r.last_detected_at,
      r.last_check_in_at,
      r.due_at,
      r.days_overdue,
      Number(r.exposure_id),
    ],
  };
}

/** One row per piece of evidence: every source record, title and version behind an exposure. */
export function evidenceSheet(rules: RuleDirectory): TableSheet<EvidenceRow> {
  return {
    name: 'Evidence',
    columns: [
      int('Exposure id', 10),
      text('Device', 24),
      text('Serial'),
      text('Product', 22),
      text('Exposure status', 12),
      text('Source', 20),
      text('Source record', 24),
      text('Record id', 20),
      text('Title', 30),
      text('Publisher', 20),
      text('Bundle / package id', 26),
      text('Version', 14),
      text('Install path', 30),
      text('Matcher', 20),
      date('First seen (UTC)'),
      date('Last seen (UTC)'),
      date('Gone since (UTC)'),
    ],
    toCells: (r) => [
      Number(r.exposure_id),
      r.device_name,
      r.serial_number,
      productCell(rules, r.product_id),
      r.exposure_status,
      r.source,
      r.record_name,
      r.external_id,
      r.title,
      r.publisher,
      r.bundle_id,
      r.version,
      r.install_path,
      r.matcher_id,
      r.first_seen_at,
      r.last_seen_at,
      r.gone_at,
    ],
  };
}

/** A rule with its standing for this organisation and the exposures it applies to. */
export interface RuleSheetRow {
  ruleId: string;
  counts: RuleCountRow | undefined;
}

/** The per-rule view: every catalog rule, how it stands here and why, and how many devices fall under it. */
export function rulesSheet(rules: RuleDirectory): TableSheet<RuleSheetRow> {
  return {
    name: 'Rules',
    columns: [
      text('Rule', 22),
      text('Title', 40),
      { header: 'Citation', width: 34, kind: 'link' },
      text('Kind', 10),
      text('Standing', 10),
      text('Why', 50),
      date('In force from (UTC)'),
      int('Remediation days', 12),
      int('Exposed devices', 12),
      int('Exposures (open)', 12),
      int('Overdue', 10),
      int('Excepted', 10),
    ],
    toCells: ({ ruleId, counts }) => {
      const rule = rules.describeRule(ruleId);
      return [
        ruleId,
        rule?.title ?? null,
        ruleCell(rules, ruleId),
        rule?.kind ?? null,
        rule?.standing ?? null,
        rule?.why ?? null,
        rule?.effectiveFrom ?? null,
        rule?.remediationDays ?? null,
        counts?.exposed_devices ?? 0,
        counts?.exposures ?? 0,
        counts?.overdue_exposures ?? 0,
        counts?.excepted_exposures ?? 0,
      ];
    },
  };
}

export function softwareSheet(rules: RuleDirectory): TableSheet<SoftwareRow> {
  return {
    name: 'Software',
    columns: [
      text('Product', 22),
      text('Title', 30),
      text('Publisher', 20),
      text('Bundle / package id', 26),
      text('Platform', 10),
      text('Version', 14),
      int('Devices (open)', 14),
      int('Devices overdue', 14),
      int('Devices excepted', 14),
    ],
    toCells: (r) => [
      productCell(rules, r.product_id),
      r.title,
      r.publisher,
      r.bundle_id,
      r.platform,
      r.version,
      r.open_devices,
      r.overdue_devices,
      r.excepted_devices,
    ],
  };
}

export function coverageSheet(): TableSheet<CoverageRow> {
  return {
    name: 'Coverage',
    columns: [
      text('Device', 24),
      text('Serial'),
      text('User', 24),
      text('Platform', 10),
      text('OS version', 14),
      text('Source', 20),
      text('Gap', 18),
      date('Last check-in (UTC)'),
      int('Days since check-in', 12),
      date('Inventory reported (UTC)'),
      { header: 'Apps reported', width: 10, kind: 'bool' },
    ],
    toCells: (r) => [
      r.device_name,
      r.serial_number,
      r.user_name,
      r.platform,
      r.os_version,
      r.source,
      r.gap,
      r.last_check_in_at,
      r.days_since_check_in,
      r.inventory_reported_at,
      r.apps_reported,
    ],
  };
}

export function exceptionsSheet(rules: RuleDirectory): TableSheet<ExceptionRow> {
  return {
    name: 'Exceptions',
    columns: [
      text('State', 10),
      text('Product', 22),
      text('Rule', 16),
      { header: 'Rule citation', width: 30, kind: 'link' },
      text('Scope', 10),
      text('Scope value', 24),
      text('Reason', 40),
      text('Approved by', 20),
      text('Created by', 20),
      date('Created (UTC)'),
      date('Expires (UTC)'),
      date('Revoked (UTC)'),
      int('Exposures excepted', 12),
    ],
    toCells: (r) => [
      r.state,
      productCell(rules, r.product_id),
      r.rule_id,
      ruleCell(rules, r.rule_id),
      r.scope_type,
      r.scope_value,
      r.reason,
      r.approved_by,
      r.created_by,
      r.created_at,
      r.expires_at,
      r.revoked_at,
      r.excepted_exposures,
    ],
  };
}
