import type { Writable } from 'node:stream';
import {
  readRuleCounts,
  readSummaryFacts,
  streamCoverage,
  streamEvidence,
  streamExceptions,
  streamExposedDevices,
  streamSoftware,
} from '../data/report.queries';
import type { ReportSnapshot } from '../data/report-snapshot';
import {
  describeFilters,
  SHEET_TYPES,
  type ReportFilters,
  type ReportFormat,
  type ReportType,
} from '../report-definition';
import type { RuleDirectory } from '../rule-directory';
import { writeCsvTable } from './csv-table';
import {
  coverageSheet,
  evidenceSheet,
  exceptionsSheet,
  exposedDevicesSheet,
  rulesSheet,
  softwareSheet,
  type RuleSheetRow,
  type TableSheet,
} from './sheets';
import { XlsxWorkbook } from './xlsx-workbook';

/** What to render. */
export interface RenderRequest {
  type: ReportType;
  format: ReportFormat;
  filters: ReportFilters;
}

/** Settings and lookups a render needs. */
export interface RenderContext {
  orgName: string;
  staleAfterDays: number;
  csvBom: boolean;
  rules: RuleDirectory;
  /** Kept up to date while rendering (the sheet being written, rows so far), for live progress. */
  tally?: RowTally;
}

/** Where a render is: the writers set the sheet and count each row they write. */
export interface RowTally {
  sheet: string;
  rows: number;
}

interface OneTable {
  sheet: TableSheet<never>;
  rows: () => AsyncIterable<never>;
}

function tableFor(
  snap: ReportSnapshot,
  type: Exclude<ReportType, 'exposure'>,
  req: RenderRequest,
  ctx: RenderContext,
): OneTable {
  const pick = <R>(sheet: TableSheet<R>, rows: () => AsyncIterable<R>) =>
    ({ sheet, rows }) as unknown as OneTable;
  switch (type) {
    case 'exposed-devices':
      return pick(exposedDevicesSheet(ctx.rules), () => streamExposedDevices(snap, req.filters));
    case 'evidence':
      return pick(evidenceSheet(ctx.rules), () => streamEvidence(snap, req.filters));
    case 'rules':
      return pick(rulesSheet(ctx.rules), () => ruleRows(snap, req.filters, ctx));
    case 'software':
      return pick(softwareSheet(ctx.rules), () => streamSoftware(snap, req.filters));
    case 'coverage':
      return pick(coverageSheet(), () => streamCoverage(snap, req.filters, ctx.staleAfterDays));
    case 'exceptions':
      return pick(exceptionsSheet(ctx.rules), () => streamExceptions(snap, req.filters));
  }
}

/**
 * Writes a report from one snapshot into `out` (which it does not end) and returns its main row count: the
 * Exposed devices rows for `exposure`, else the rows of the one table.
 */
export async function renderReport(
  snap: ReportSnapshot,
  req: RenderRequest,
  ctx: RenderContext,
  out: Writable,
): Promise<number> {
  // The full workbook's CSV form is its main table: one CSV holds one table.
  const mainType = req.type === 'exposure' ? 'exposed-devices' : req.type;
  if (req.format === 'csv') {
    const t = tableFor(snap, mainType, req, ctx);
    return writeCsvTable(out, t.sheet, t.rows(), { bom: ctx.csvBom, tally: ctx.tally });
  }
  const book = new XlsxWorkbook(out);
  let mainRows = 0;
  if (req.type === 'exposure') {
    const facts = await readSummaryFacts(snap, req.filters, ctx.staleAfterDays);
    book.writeSummary(
      facts,
      {
        orgName: ctx.orgName,
        asOf: snap.asOf,
        filters: describeFilters(req.filters),
        staleAfterDays: ctx.staleAfterDays,
      },
      ctx.rules,
    );
    for (const type of SHEET_TYPES) {
      const t = tableFor(snap, type, req, ctx);
      const n = await book.writeTable(t.sheet, t.rows(), ctx.tally);
      if (type === mainType) mainRows = n;
    }
  } else {
    const t = tableFor(snap, mainType, req, ctx);
    mainRows = await book.writeTable(t.sheet, t.rows(), ctx.tally);
  }
  await book.finish();
  return mainRows;
}

// Every catalog rule, applicable or not, with the counts of the exposures it applies to.
async function* ruleRows(
  snap: ReportSnapshot,
  filters: ReportFilters,
  ctx: RenderContext,
): AsyncIterable<RuleSheetRow> {
  const counts = new Map((await readRuleCounts(snap, filters)).map((c) => [c.rule_id, c]));
  for (const ruleId of ctx.rules.ruleIds()) yield { ruleId, counts: counts.get(ruleId) };
}
