import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlantedTitle } from './plantings';
import type { SimPlatform } from './platform';

/**
 * A labelled software title from a public source (test/fixtures/corpus/*.csv, described in docs/catalog.md):
 * what a store, a package manifest or a vendor page shows, the product it is (or '' for none) and where it was seen.
 */
export interface CorpusEntry {
  /** `file:line` of the entry, for messages. */
  at: string;
  platform: SimPlatform;
  name: string;
  publisher: string;
  bundleId: string;
  version: string;
  /** Product id of the catalog, or '' when the title is not a catalogued product. */
  expected: string;
  klass: 'positive' | 'hard_negative' | 'negative';
  seenAt: string;
}

export const CORPUS_COLUMNS = [
  'platform',
  'name',
  'publisher',
  'bundle_id',
  'version',
  'expected',
  'class',
  'seen_at',
] as const;

const PLATFORM: Record<string, SimPlatform> = {
  windows: 'windows',
  macos: 'macOS',
  ios: 'iOS',
  android: 'android',
};
const CLASSES = new Set(['positive', 'hard_negative', 'negative']);

/** RFC 4180 fields of one CSV text; quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

/** Parses one corpus file; throws naming the file, line and field of the first bad entry. */
export function parseCorpus(text: string, file: string): CorpusEntry[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = rows.shift() ?? [];
  if (header.join(',') !== CORPUS_COLUMNS.join(','))
    throw new Error(`${file}: header must be ${CORPUS_COLUMNS.join(',')} (got ${header.join(',')})`);
  return rows.map((cells, n) => {
    const at = `${file}:${n + 2}`;
    if (cells.length !== CORPUS_COLUMNS.length)
      throw new Error(`${at}: ${cells.length} fields, expected ${CORPUS_COLUMNS.length}`);
    const [platform, name, publisher, bundleId, version, expected, klass, seenAt] = cells.map((c) =>
      c.trim(),
    );
    if (!PLATFORM[platform])
      throw new Error(`${at}: platform "${platform}" is not windows, macos, ios or android`);
    if (!name) throw new Error(`${at}: name is empty`);
    if (!CLASSES.has(klass))
      throw new Error(`${at}: class "${klass}" is not positive, hard_negative or negative`);
    if ((klass === 'positive') !== (expected !== ''))
      throw new Error(`${at}: a positive names its product in "expected"; a negative leaves it empty`);
    if (!seenAt) throw new Error(`${at}: seen_at is empty (where was this title seen?)`);
    return {
      at,
      platform: PLATFORM[platform],
      // The raw name as the source shows it: surrounding spaces are part of some real titles' noise, not the CSV's.
      name: cells[1],
      publisher,
      bundleId,
      version,
      expected,
      klass: klass as CorpusEntry['klass'],
      seenAt,
    };
  });
}

/** Every `*.csv` of a directory, in file-name order. */
export function loadCorpus(dir: string): CorpusEntry[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .flatMap((f) => parseCorpus(readFileSync(join(dir, f), 'utf8'), f));
}

/**
 * The title a corpus entry plants: Intune shows no publisher for Apple platforms (docs/catalog.md, "Corpus"), so a Mac or
 * iPhone title carries none; Android and Windows keep the publisher their store or installer shows.
 */
export function corpusTitle(entry: CorpusEntry): PlantedTitle {
  const apple = entry.platform === 'macOS' || entry.platform === 'iOS';
  return {
    productId: entry.expected || 'lookalike',
    platform: entry.platform,
    name: entry.name,
    publisher: apple ? '' : entry.publisher,
    bundleId: entry.platform === 'windows' ? '' : entry.bundleId,
    versions: [entry.version || '1.0'],
  };
}
