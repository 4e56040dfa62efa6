import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { toSheetText } from '../cells/neutralize-formula';
import type { CellValue } from '../csv/csv-row';
import type { SummaryFacts } from '../data/report.queries';
import type { RuleDirectory } from '../rule-directory';
import type { RowTally } from './render-report';
import { ruleCell, type ColumnKind, type TableSheet } from './sheets';

type Cell = ExcelJS.CellValue;

const DATE_FORMAT = 'yyyy-mm-dd hh:mm';
const DAY_FORMAT = 'yyyy-mm-dd';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3864' } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };
const SECTION_FONT: Partial<ExcelJS.Font> = { bold: true, size: 12, color: { argb: 'FF1F3864' } };
const LINK_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF0563C1' }, underline: true };
// How often (in rows) the writer checks whether the zip or the output wants it to wait.
const DRAIN_CHECK_ROWS = 500;
// Sheet XML allowed to queue in front of the zip's deflate before the writer pauses.
const ZIP_BACKLOG_BYTES = 4 * 1024 * 1024;

/** Options shared with the benchmark's raw baseline so the comparison is like for like. */
export const WORKBOOK_WRITER_OPTIONS = { useStyles: true, useSharedStrings: false } as const;

/** Only web links become hyperlinks; anything else (javascript:, file:) stays plain text. */
function safeLink(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/** Converts one report value to an exceljs cell value: text neutralised, dates and numbers kept as such. */
export function toXlsxCell(value: CellValue): Cell {
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) {
    return value;
  }
  if (typeof value === 'string') return toSheetText(value);
  const link = safeLink(value.hyperlink);
  return link ? { text: toSheetText(value.text), hyperlink: link } : toSheetText(value.text);
}

function columnStyle(kind: ColumnKind): Partial<ExcelJS.Style> {
  switch (kind) {
    case 'date':
      return { numFmt: DATE_FORMAT };
    case 'link':
      return { font: LINK_FONT };
    // Whole numbers read fine in the General format, and every styled cell costs exceljs a style lookup.
    case 'int':
    case 'text':
    case 'bool':
      return {};
  }
}

/**
 * An .xlsx file written with exceljs's streaming WorkbookWriter: each sheet is committed before the next starts,
 * so memory holds one batch of rows whatever the report's size.
 */
export class XlsxWorkbook {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;

  constructor(private readonly out: Writable) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, ...WORKBOOK_WRITER_OPTIONS });
    this.workbook.creator = 'Interdict';
  }

  /** Writes a table sheet from streamed rows: frozen header, autofilter, widths; returns the data row count. */
  async writeTable<R>(sheet: TableSheet<R>, rows: AsyncIterable<R>, tally?: RowTally): Promise<number> {
    if (tally) tally.sheet = sheet.name;
    const ws = this.workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    const styles = sheet.columns.map((c) => columnStyle(c.kind));
    ws.columns = sheet.columns.map((c, i) => ({ width: c.width, style: styles[i] }));
    writeHeader(
      ws,
      sheet.columns.map((c) => c.header),
    );
    let count = 0;
    for await (const row of rows) {
      const r = ws.addRow(sheet.toCells(row).map(toXlsxCell));
      // exceljs gives every cell its own copy of the column's style and then resolves each copy by value, a large
      // share of the writer's time; the column's own object is resolved once and then found by identity.
      for (let i = 0; i < styles.length; i++) {
        const cell = r.findCell(i + 1);
        if (cell) cell.style = styles[i];
      }
      r.commit();
      count += 1;
      if (tally) tally.rows += 1;
      if (count % DRAIN_CHECK_ROWS === 0) await this.waitForOutput(ws);
    }
    ws.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: Math.max(1, count + 1), column: sheet.columns.length },
    };
    ws.commit();
    return count;
  }

  /**
   * The first sheet: as-of time, filters, the organisation profile and catalog the rules were applied under,
   * sources and their syncs, totals, exposure by product, the per-rule view, and the trend.
   */
  writeSummary(
    facts: SummaryFacts,
    meta: SummaryMeta,
    rules: RuleDirectory,
    echo?: (cells: CellValue[]) => void,
  ): void {
    const ws = this.workbook.addWorksheet('Summary');
    ws.columns = [34, 22, 34, 16, 16, 16, 16, 34].map((width) => ({ width }));
    const sheet = new SummarySheet(ws, echo);
    summaryHeading(sheet, meta, rules);
    summarySources(sheet, facts);
    summaryTotals(sheet, facts);
    summaryByProduct(sheet, facts, rules);
    summaryByRule(sheet, facts, rules);
    summaryTrend(sheet, facts);
    ws.commit();
  }

  /** Finishes the zip; resolves when the whole file has been handed to the output stream. */
  async finish(): Promise<void> {
    await this.workbook.commit();
    this.checkOutput();
  }

  /**
   * A store that failed destroys its input (storage/s3-report-storage.ts); exceljs writes on into it without a word,
   * so the writer stops here with the store's error instead of rendering the rest for nothing.
   */
  private checkOutput(): void {
    if (this.out.errored) throw this.out.errored;
    if (this.out.destroyed && !this.out.writableFinished)
      throw new Error('the report output closed before the workbook was finished');
  }

  /**
   * Backpressure exceljs does not give: it pipes each sheet's XML into the zip with write() calls whose return it
   * ignores, so when deflate (or the disk, or a slow client) falls behind, rows pile up in memory. Waiting on the
   * zip's input (an internal field of the streaming worksheet; without it only the output is honoured) keeps
   * memory flat at any row count.
   */
  private async waitForOutput(ws: ExcelJS.Worksheet): Promise<void> {
    this.checkOutput();
    const zipInputs = (ws as unknown as { stream?: { pipes?: Writable[] } }).stream?.pipes ?? [];
    for (const input of zipInputs) {
      while (backlog(input) > ZIP_BACKLOG_BYTES && !input.destroyed) await drained(input);
    }
    if (this.out.writableNeedDrain) await drained(this.out);
  }
}

/**
 * Bytes queued in a writable. exceljs's zip input is a readable-stream v2 PassThrough, which has no
 * `writableLength` getter; its queue length is in `_writableState.length`.
 */
function writeHeader(ws: ExcelJS.Worksheet, headers: string[]): void {
  const row = ws.addRow(headers);
  row.eachCell((cell) => {
    cell.font = HEADER_FONT;
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  row.commit();
}

/** What the Summary says about the report itself. */
export interface SummaryMeta {
  orgName: string;
  asOf: Date;
  filters: string;
  staleAfterDays: number;
}

/** The Summary sheet written top to bottom: lines, and titled tables that say so when they are empty. */
class SummarySheet {
  /** `echo` gets every line's cells as written (blank lines as []), for the evidence pack's Summary CSV. */
  constructor(
    readonly ws: ExcelJS.Worksheet,
    private readonly echo?: (cells: CellValue[]) => void,
  ) {}

  line(cells: CellValue[], style?: (row: ExcelJS.Row) => void): void {
    const row = this.ws.addRow(cells.map(toXlsxCell));
    style?.(row);
    row.commit();
    this.echo?.(cells);
  }

  /** A blank line, then a section title. */
  section(title: string): void {
    this.ws.addRow([]).commit();
    this.echo?.([]);
    this.line([title], (r) => (r.font = SECTION_FONT));
  }

  header(headers: string[]): void {
    writeHeader(this.ws, headers);
    this.echo?.(headers);
  }

  /** A titled section with a header row and a line per item; returns the row number of its first data row. */
  table<T>(
    title: string,
    headers: string[],
    items: readonly T[],
    cells: (item: T) => CellValue[],
    opts: { empty: string; style?: (row: ExcelJS.Row) => void },
  ): number {
    this.section(title);
    this.header(headers);
    const first = (this.ws.lastRow?.number ?? 0) + 1;
    for (const item of items) this.line(cells(item), opts.style);
    if (!items.length) this.line([opts.empty]);
    return first;
  }
}

function summaryHeading(sheet: SummarySheet, meta: SummaryMeta, rules: RuleDirectory): void {
  const policy = rules.policy();
  sheet.line([`Banned software exposure — ${meta.orgName}`], (r) => (r.font = { bold: true, size: 14 }));
  sheet.line(['As of (UTC)', meta.asOf], (r) => (r.getCell(2).numFmt = DATE_FORMAT));
  sheet.line(['Filters', meta.filters]);
  sheet.line(['Organisation profile', policy.profile]);
  sheet.line(['Catalog version', policy.catalogVersion]);
  sheet.line([
    'Unit',
    'one exposure = one physical device (serial-merged across sources) running one product',
  ]);
  sheet.line([
    'Coverage gap',
    `no MDM check-in for ${meta.staleAfterDays} days, never checked in, or no app inventory`,
  ]);
}

function summarySources(sheet: SummarySheet, facts: SummaryFacts): void {
  sheet.table(
    'Sources',
    ['Source', 'Kind', 'Last successful sync (UTC)', 'Last sync status', 'Enabled', 'Active devices'],
    facts.sources,
    (s) => [s.name, s.kind, s.last_success_at, s.last_status ?? 'never synced', s.enabled, s.active_devices],
    { empty: 'No sources registered', style: (r) => (r.getCell(3).numFmt = DATE_FORMAT) },
  );
}

function summaryTotals(sheet: SummarySheet, facts: SummaryFacts): void {
  const t = facts.totals;
  const totals: [string, number][] = [
    ['Devices covered (checked in, apps reported)', facts.devicesCovered],
    ['Exposed devices', t.exposed_devices],
    ['Exposures (open)', t.exposures],
    ['Overdue exposures', t.overdue_exposures],
    ['Overdue devices', t.overdue_devices],
    ['Exposures for review (no binding rule)', t.review_exposures],
    ['Excepted exposures', t.excepted_exposures],
    ['Coverage gaps (device records)', facts.coverageGaps],
  ];
  sheet.section('Totals');
  for (const [label, n] of totals) sheet.line([label, n], (r) => (r.getCell(2).numFmt = '#,##0'));
}

function summaryByProduct(sheet: SummarySheet, facts: SummaryFacts, rules: RuleDirectory): void {
  sheet.table(
    'Exposure by product',
    ['Product', 'Rules (standing)', 'Next due (UTC)', 'Exposed devices', 'Overdue', 'For review', 'Excepted'],
    facts.byProduct,
    (c) => [
      c.product_id === null ? null : (rules.productName(c.product_id) ?? c.product_id),
      c.rule_ids.map((id) => `${id} (${rules.describeRule(id)?.standing ?? 'unknown'})`).join(', '),
      c.next_due_at,
      c.exposed_devices,
      c.overdue_exposures,
      c.review_exposures,
      c.excepted_exposures,
    ],
    { empty: 'No open or excepted exposures', style: (r) => (r.getCell(3).numFmt = DATE_FORMAT) },
  );
}

function summaryByRule(sheet: SummarySheet, facts: SummaryFacts, rules: RuleDirectory): void {
  sheet.table(
    'By rule (how many devices fall under each rule)',
    ['Rule', 'Standing', 'Rule citation', 'Exposed devices', 'Exposures', 'Overdue', 'Excepted'],
    facts.byRule,
    (c) => [
      c.rule_id,
      rules.describeRule(c.rule_id)?.standing ?? null,
      ruleCell(rules, c.rule_id),
      c.exposed_devices,
      c.exposures,
      c.overdue_exposures,
      c.excepted_exposures,
    ],
    { empty: 'No rule applies to an open exposure', style: (r) => (r.getCell(3).font = LINK_FONT) },
  );
}

function summaryTrend(sheet: SummarySheet, facts: SummaryFacts): void {
  const max = Math.max(1, ...facts.trend.map((d) => d.exposures));
  const first = sheet.table(
    'Trend, last 30 days (from daily snapshots)',
    ['Day', 'Exposures', 'Overdue', 'Excepted', 'New', 'Resolved', 'Exposed devices', ''],
    facts.trend,
    (d) => [
      new Date(`${d.day}T00:00:00Z`),
      d.exposures,
      d.overdue_exposures,
      d.excepted_exposures,
      d.new_exposures,
      d.resolved_exposures,
      d.exposed_devices,
      // The bar is text so it shows in every viewer; a data-bar rule on the Exposures column adds Excel's own bar.
      '█'.repeat(Math.round((d.exposures / max) * 30)),
    ],
    {
      empty: 'No daily snapshots yet',
      style: (r) => {
        r.getCell(1).numFmt = DAY_FORMAT;
        r.getCell(8).font = { color: { argb: 'FFC00000' } };
      },
    },
  );
  if (!facts.trend.length) return;
  sheet.ws.addConditionalFormatting({
    ref: `B${first}:B${first + facts.trend.length - 1}`,
    rules: [
      {
        type: 'dataBar',
        priority: 1,
        cfvo: [{ type: 'min' }, { type: 'max' }],
        color: { argb: 'FFC00000' },
      } as ExcelJS.ConditionalFormattingRule,
    ],
  });
}

function backlog(stream: Writable): number {
  return (
    stream.writableLength ??
    (stream as unknown as { _writableState?: { length?: number } })._writableState?.length ??
    0
  );
}

/** Resolves on 'drain' (or 'close'); rejects if the stream errors meanwhile. */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      stream.off('drain', onDrain);
      stream.off('close', onDrain);
      stream.off('error', done);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    stream.once('drain', onDrain);
    stream.once('close', onDrain);
    stream.once('error', done);
  });
}
