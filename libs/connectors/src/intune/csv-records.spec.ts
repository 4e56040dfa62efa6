import { CsvRecords, CsvSyntaxError } from './csv-records';

function readAll(chunks: string[]): string[][] {
  const reader = new CsvRecords();
  const out: string[][] = [];
  chunks.forEach((c, i) => reader.push(c, i === chunks.length - 1, out));
  return out;
}

describe('CsvRecords', () => {
  const text =
    '\uFEFFDeviceId,ApplicationName,ApplicationVersion\r\n' +
    'd1,"Kaspersky Endpoint Security ""11""",11.8\r\n' +
    '\r\n' +
    'd1,"Line\r\nbreak, and comma",\r\n' +
    'd2,Café,"1.0"\n' +
    'd3,,';
  const expected = [
    ['DeviceId', 'ApplicationName', 'ApplicationVersion'],
    ['d1', 'Kaspersky Endpoint Security "11"', '11.8'],
    ['d1', 'Line\r\nbreak, and comma', ''],
    ['d2', 'Café', '1.0'],
    ['d3', '', ''],
  ];

  it('reads quoted fields, escaped quotes, CRLF and LF, a BOM and a last line without a newline', () => {
    expect(readAll([text])).toEqual(expected);
  });

  it('gives the same records wherever the chunks are cut', () => {
    for (let cut = 0; cut <= text.length; cut++)
      expect(readAll([text.slice(0, cut), text.slice(cut), ''])).toEqual(expected);
    expect(readAll([...text, ''])).toEqual(expected);
  });

  it('rejects broken quoting, naming the record', () => {
    const err = (t: string) => {
      try {
        readAll([t]);
      } catch (e) {
        return e as CsvSyntaxError;
      }
      throw new Error('no error');
    };
    expect(err('a,b\nc,d"e\n')).toMatchObject({ record: 2, message: 'a quote inside an unquoted field' });
    expect(err('a,b\n"c"x,d\n')).toMatchObject({ record: 2, message: 'text after a closing quote' });
    expect(err('a,b\nc,"d\n')).toMatchObject({ record: 2, message: 'a quoted field is not closed' });
  });

  it('refuses a record that never ends instead of holding it', () => {
    const reader = new CsvRecords();
    expect(() => reader.push(`a,"${'x'.repeat(2 << 20)}`, false, [])).toThrow(/longer than/);
  });
});
