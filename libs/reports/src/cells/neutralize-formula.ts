/** Characters that make a spreadsheet treat a cell's text as a formula (OWASP "CSV injection"). */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Makes untrusted text safe to put in a spreadsheet cell: text starting with `=`, `+`, `-`, `@`, tab or carriage
 * return gets a leading apostrophe, so Excel, LibreOffice and Sheets show it as text instead of evaluating it.
 * Used for every text cell of both CSV and xlsx output.
 */
export function neutralizeFormula(text: string): string {
  return text.length > 0 && FORMULA_TRIGGERS.has(text[0]) ? `'${text}` : text;
}

// Characters XML 1.0 forbids; one in a device name would otherwise corrupt the whole workbook.
const XML_ILLEGAL =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Excel refuses cells longer than this. */
export const MAX_CELL_CHARS = 32_767;

/** Text for an xlsx cell: formula-neutralised, XML-illegal characters replaced, cut to Excel's cell limit. */
export function toSheetText(text: string): string {
  const safe = neutralizeFormula(text.replace(XML_ILLEGAL, '\uFFFD'));
  return safe.length > MAX_CELL_CHARS ? `${safe.slice(0, MAX_CELL_CHARS - 1)}…` : safe;
}
