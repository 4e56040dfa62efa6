import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// Comments, tests and READMEs cite only what is in the repository (docs/conventions.md §10): the design, style and
// vendor reference notes they once cited lived outside it. A cited docs/<file>.md must exist, and so must the
// section it names (`§N` or a quoted heading). This file is not scanned: its examples below are the forbidden forms.
const root = join(__dirname, '..');
const SELF = relative(root, __filename);
const SCANNED_DIRS = ['apps', 'libs', 'bench', 'scripts', 'test', 'docs', 'config'];
const SCANNED_ROOT_FILES = ['README.md', 'jest.config.js', 'eslint.config.mjs'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.data', 'coverage']);
// Labelled corpus data, not prose.
const SKIPPED_PATHS = new Set(['test/fixtures/corpus']);
const TEXT_FILE = /\.(ts|tsx|js|mjs|cjs|md|html|css|ya?ml)$/;

function textFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(root, path)).isDirectory())
      return SKIPPED_DIRS.has(name) || SKIPPED_PATHS.has(path) ? [] : textFiles(path);
    return TEXT_FILE.test(name) && path !== SELF ? [path] : [];
  });
}

const files = [...SCANNED_DIRS.flatMap(textFiles), ...SCANNED_ROOT_FILES].map((path) => ({
  path,
  text: readFileSync(join(root, path), 'utf8'),
}));

/** Citations of documents that are not in the repository. */
const OUTSIDE: { what: string; pattern: RegExp }[] = [
  { what: 'a path into ../shared', pattern: /\.\.\/shared\b/ },
  { what: 'a STYLE or DESIGN section', pattern: /\b(STYLE|DESIGN)(\.md)?\s*§/ },
  { what: 'STYLE.md or DESIGN.md', pattern: /\b(STYLE|DESIGN)\.md\b/ },
  { what: 'a reference/*.md path', pattern: /\breference\/[\w.-]+\.md\b/ },
  { what: 'a vendor reference note', pattern: /\b(intune-graph|jamf-pro|banned-products)\.md\b/ },
  { what: 'a "reference §" section', pattern: /\breference\s+§/ },
];

interface Offence {
  at: string;
  problem: string;
}

/** Where `text` cites something outside the repository (one offence per line). */
function outsideCitations(path: string, text: string): Offence[] {
  const out: Offence[] = [];
  text.split('\n').forEach((line, i) => {
    const hit = OUTSIDE.find(({ pattern }) => pattern.test(line));
    if (hit) out.push({ at: `${path}:${i + 1}`, problem: `cites ${hit.what}: ${line.trim()}` });
  });
  return out;
}

// `docs/x.md`, optionally in backticks, then section numbers (`§3`, `§2–§5`, `§4, §8`) or a quoted heading
// (`, "The corpus that checks it"` or ` (section "Simulator")`).
const CITATION =
  /(?<![\w/.-])(?:\.\.\/)*docs\/([\w.-]+\.md)`?((?:\s*(?:,|–|-|and)?\s*§\d+(?:\.\d+)*)*)(?:,\s*"([^"\n]+)"|\s+\(section\s+"([^"\n]+)"\))?/g;

/** The headings of a doc, without their `#` marks; null when the doc does not exist. */
function headingsOf(doc: string): string[] | null {
  const path = join(root, 'docs', doc);
  if (!existsSync(path)) return null;
  return [...readFileSync(path, 'utf8').matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => m[1].trim());
}

/** Where `text` cites a doc, a section or a heading that does not exist. */
function brokenDocCitations(
  path: string,
  text: string,
  headings: (doc: string) => string[] | null = headingsOf,
): Offence[] {
  const out: Offence[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(CITATION)) {
      const [, doc, sections, quoted, sectionNamed] = m;
      const at = `${path}:${i + 1}`;
      const known = headings(doc);
      if (!known) {
        out.push({ at, problem: `cites docs/${doc}, which does not exist` });
        continue;
      }
      for (const [, n] of sections.matchAll(/§(\d+(?:\.\d+)*)/g)) {
        const heading = new RegExp(`^§${n.replace(/\./g, '\\.')}(?![.\\d])`);
        if (!known.some((h) => heading.test(h)))
          out.push({ at, problem: `cites docs/${doc} §${n}, which has no such section` });
      }
      const title = quoted ?? sectionNamed;
      if (title && !known.some((h) => h.toLowerCase().includes(title.toLowerCase())))
        out.push({ at, problem: `cites docs/${doc}, "${title}", which has no such heading` });
    }
  });
  return out;
}

describe('citations in comments, tests and READMEs', () => {
  it('reads the code, tests, benches, scripts, docs and the README', () => {
    expect(files.length).toBeGreaterThan(300);
    expect(files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['README.md', 'libs/connectors/README.md']),
    );
    expect(files.some((f) => f.path.startsWith('test/fixtures/corpus/'))).toBe(false);
  });

  it('cite no document outside the repository', () => {
    expect(files.flatMap((f) => outsideCitations(f.path, f.text))).toEqual([]);
  });

  it('cite docs that exist, with sections and headings that exist', () => {
    const cited = files.flatMap((f) => [...f.text.matchAll(CITATION)]);
    expect(cited.length).toBeGreaterThan(50);
    expect(files.flatMap((f) => brokenDocCitations(f.path, f.text))).toEqual([]);
  });

  describe('the checks themselves', () => {
    const docs = (doc: string) =>
      doc === 'a.md' ? ['Title', '§1 One', '§2 Two', '§10 Ten', 'The corpus'] : null;

    it.each([
      'see ../shared/DESIGN.md',
      '// Three layers (STYLE §9)',
      'The data model of DESIGN §4.',
      'as DESIGN.md says',
      'see `../../reference/intune-graph.md` for the shapes',
      '(jamf-pro.md §6)',
      '(banned-products.md C2)',
      '(reference §3.2, fixture x.json)',
    ])('flags %j', (line) => {
      expect(outsideCitations('x.ts', line)).toHaveLength(1);
    });

    it('passes citations of files in the repository', () => {
      expect(outsideCitations('x.ts', '(docs/mdm-apis.md §3; test/fixtures/vendor/intune)')).toEqual([]);
    });

    it.each([
      ['(docs/a.md §1)', 0],
      ['(docs/a.md §2–§10)', 0],
      ['`docs/a.md` §1, §2', 0],
      ['(docs/a.md, "The corpus")', 0],
      ['`docs/a.md` (section "corpus")', 0],
      ['(docs/a.md §3)', 1],
      ['(docs/a.md §1.2)', 1],
      ['(docs/a.md §1–§4)', 1],
      ['(docs/a.md, "Nothing like it")', 1],
      ['(docs/b.md)', 1],
      ['(../../docs/b.md §1)', 1],
    ])('%j: %d problem(s)', (line, problems) => {
      expect(brokenDocCitations('x.ts', line, docs)).toHaveLength(problems);
    });
  });
});
