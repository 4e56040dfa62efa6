/** A CSV syntax error; `record` is the 1-based record number (the header is record 1). */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly record: number,
  ) {
    super(message);
  }
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;
// No inventory row comes near this; a longer one is a broken file, not a reason to hold it all.
const MAX_RECORD_CHARS = 1 << 20;

/**
 * An RFC 4180 CSV reader for the Intune export (docs/mdm-apis.md §4), fed text in large chunks: quoted fields
 * (with `""` escapes and line breaks inside), CRLF or LF, a leading BOM dropped, empty lines skipped. Strict: a
 * quote inside an unquoted field, text after a closing quote, or an unclosed quote at the end is an error. It
 * makes one array of strings per record and nothing else — csv-parse spent most of the walk's CPU on its
 * per-character state machine and per-record objects.
 */
export class CsvRecords {
  private rest = '';
  private started = false;
  private records = 0;

  /**
   * Appends the complete records in `text` (after what was left over) to `out`; `final` at the end of input.
   * Long because it is the CSV parser's loop over every character of an export; a call per field or quote costs
   * measurable time at 100k devices.
   */
  push(text: string, final: boolean, out: string[][]): void {
    let s = this.rest.length ? this.rest + text : text;
    if (!this.started && s.length) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const n = s.length;
    let pos = 0;
    records: while (pos < n) {
      const recordStart = pos;
      const fields: string[] = [];
      for (;;) {
        let c: number;
        if (pos < n && s.charCodeAt(pos) === QUOTE) {
          let value = '';
          let p = pos + 1;
          for (;;) {
            const q = s.indexOf('"', p);
            if (q < 0 || (q + 1 >= n && !final)) {
              // The closing quote (or what follows it) is in a later chunk.
              if (final) throw new CsvSyntaxError('a quoted field is not closed', this.records + 1);
              pos = recordStart;
              break records;
            }
            if (s.charCodeAt(q + 1) === QUOTE) {
              value += s.slice(p, q + 1);
              p = q + 2;
              continue;
            }
            value += s.slice(p, q);
            p = q + 1;
            break;
          }
          fields.push(value);
          pos = p;
          c = pos < n ? s.charCodeAt(pos) : -1;
          if (c !== COMMA && c !== CR && c !== LF && c !== -1)
            throw new CsvSyntaxError('text after a closing quote', this.records + 1);
        } else {
          let p = pos;
          c = -1;
          while (p < n) {
            const ch = s.charCodeAt(p);
            if (ch === COMMA || ch === LF || ch === CR) {
              c = ch;
              break;
            }
            if (ch === QUOTE) throw new CsvSyntaxError('a quote inside an unquoted field', this.records + 1);
            p++;
          }
          if (c === -1 && !final) {
            pos = recordStart;
            break records;
          }
          fields.push(s.slice(pos, p));
          pos = p;
        }
        if (c === COMMA) {
          pos++;
          continue;
        }
        if (c === CR) {
          if (pos + 1 >= n && !final) {
            pos = recordStart;
            break records;
          }
          pos += s.charCodeAt(pos + 1) === LF ? 2 : 1;
        } else if (c === LF) pos++;
        break;
      }
      if (fields.length === 1 && fields[0] === '' && s.charCodeAt(recordStart) !== QUOTE) continue;
      this.records++;
      out.push(fields);
    }
    this.rest = pos < n ? s.slice(pos) : '';
    if (this.rest.length > MAX_RECORD_CHARS)
      throw new CsvSyntaxError(`a record is longer than ${MAX_RECORD_CHARS} characters`, this.records + 1);
  }

  /** Records completed so far (the header included). */
  count(): number {
    return this.records;
  }
}
