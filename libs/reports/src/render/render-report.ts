import type { Writable } from 'node:stream';
import type { CellValue } from '../csv/csv-row';
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
  /** Gets a copy of every workbook sheet's lines as they are written (the evidence pack's CSV per sheet). */
  copies?: SheetCopies;
}

/** Where copies of a workbook's sheets go, line by line, header first. */
export interface SheetCopies {
  open(sheet: string): SheetCopy;
}

/** One sheet's copy: each line's cells as the workbook gets them, then end. */
export interface SheetCopy {
  row(cells: readonly CellValue[]): Promise<void>;
  end(): Promise<void>;
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
    await writeSummary(snap, req, ctx, book);
    for (const type of SHEET_TYPES) {
      const n = await writeTable(book, tableFor(snap, type, req, ctx), ctx);
      if (type === mainType) mainRows = n;
    }
  } else {
    mainRows = await writeTable(book, tableFor(snap, mainType, req, ctx), ctx);
  }
  await book.finish();
  return mainRows;
}

async function writeSummary(
  snap: ReportSnapshot,
  req: RenderRequest,
  ctx: RenderContext,
  book: XlsxWorkbook,
): Promise<void> {
  const facts = await readSummaryFacts(snap, req.filters, ctx.staleAfterDays);
  const lines: CellValue[][] = [];
  book.writeSummary(
    facts,
    {
      orgName: ctx.orgName,
      asOf: snap.asOf,
      filters: describeFilters(req.filters),
      staleAfterDays: ctx.staleAfterDays,
    },
    ctx.rules,
    ctx.copies ? (cells) => lines.push(cells) : undefined,
  );
  if (!ctx.copies) return;
  // The Summary is a few hundred lines at most, so its copy is written once the sheet is done.
  const copy = ctx.copies.open('Summary');
  for (const line of lines) await copy.row(line);
  await copy.end();
}

/** One table sheet into the workbook and, when asked, into its copy from the same rows. */
async function writeTable(book: XlsxWorkbook, t: OneTable, ctx: RenderContext): Promise<number> {
  if (!ctx.copies) return book.writeTable(t.sheet, t.rows(), ctx.tally);
  const copy = ctx.copies.open(t.sheet.name);
  await copy.row(t.sheet.columns.map((c) => c.header));
  const n = await book.writeTable(t.sheet, teed(t.sheet, t.rows(), copy), ctx.tally);
  await copy.end();
  return n;
}

async function* teed<R>(sheet: TableSheet<R>, rows: AsyncIterable<R>, copy: SheetCopy): AsyncIterable<R> {
  for await (const row of rows) {
    await copy.row(sheet.toCells(row));
    yield row;
  }
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
