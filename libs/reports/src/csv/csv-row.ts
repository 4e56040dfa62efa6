import { neutralizeFormula } from '../cells/neutralize-formula';

/** A cell value of a report row, before it is written as CSV or xlsx. */
export type CellValue = string | number | Date | boolean | null | { text: string; hyperlink: string };

/** The UTF-8 byte order mark some spreadsheet programs need to read CSV as UTF-8. */
export const UTF8_BOM = '\uFEFF';

/** One CSV field per RFC 4180: dates as ISO 8601 UTC, text neutralised against formulas, quoted when needed. */
export function csvField(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  const text = neutralizeFormula(typeof value === 'string' ? value : value.text);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record including its CRLF line ending (RFC 4180 §2). */
export function csvRow(values: readonly CellValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
