import type { CorpusEntry } from '@interdict/mdm-simulator';

/** One source record of a corpus device and what the catalog made of its one title. */
export interface Outcome {
  entry: CorpusEntry;
  /** Which path delivered it: intune-export, intune-detectedApps, jamf-computer, jamf-mobile. */
  source: string;
  /** The title as it was stored (the source's spelling). */
  title: string;
  predicted: string[];
}

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

/** Precision and recall of a tally; 1 when there is nothing to be wrong about. */
export function rates(t: Tally): { precision: number; recall: number } {
  return {
    precision: t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp),
    recall: t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn),
  };
}

/**
 * Tallies outcomes per key: a title labelled P and matched as P is a true positive of P; labelled P and not matched
 * as P a false negative of P; matched as Q ≠ its label a false positive of Q (a negative matched as Q included).
 */
export function tally(
  outcomes: readonly Outcome[],
  key: (o: Outcome, product: string) => string,
): Map<string, Tally> {
  const out = new Map<string, Tally>();
  const at = (k: string) => {
    let t = out.get(k);
    if (!t) out.set(k, (t = { tp: 0, fp: 0, fn: 0 }));
    return t;
  };
  for (const o of outcomes) {
    const expected = o.entry.expected;
    if (expected) at(key(o, expected))[o.predicted.includes(expected) ? 'tp' : 'fn']++;
    for (const p of o.predicted) if (p !== expected) at(key(o, p)).fp++;
  }
  return out;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** A Markdown table of tallies, worst first. */
export function table(title: string, tallies: Map<string, Tally>): string {
  const rows = [...tallies.entries()]
    .map(([k, t]) => ({ k, t, ...rates(t) }))
    .sort((a, b) => a.precision + a.recall - (b.precision + b.recall) || a.k.localeCompare(b.k));
  return [
    `### ${title}`,
    '| | TP | FP | FN | precision | recall |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) => `| ${r.k} | ${r.t.tp} | ${r.t.fp} | ${r.t.fn} | ${pct(r.precision)} | ${pct(r.recall)} |`,
    ),
    '',
  ].join('\n');
}

/** Unicode noise real inventories carry, applied to a positive title (the label stays). */
export const NOISE: readonly [string, (name: string) => string][] = [
  ['no-break spaces', (s) => s.replace(/ /g, '\u00a0')],
  ['zero-width joiner', (s) => s.replace(/^(.)/u, '$1\u200b')],
  ['doubled spaces, trailing space', (s) => `${s.replace(/ /g, '  ')} `],
  ['upper case', (s) => s.toUpperCase()],
  ['full-width forms', (s) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))],
];

/** The corpus's positives again, each with one kind of noise in turn. */
export function noisyVariants(entries: readonly CorpusEntry[]): CorpusEntry[] {
  return entries
    .filter((e) => e.klass === 'positive')
    .map((e, n) => {
      const [kind, apply] = NOISE[n % NOISE.length];
      return { ...e, at: `${e.at} (${kind})`, name: apply(e.name), seenAt: `${e.seenAt} (${kind})` };
    });
}

const simple = (s: string) => s.normalize('NFKC').trim().toLowerCase();

/**
 * Names of positives, for `indistinguishable`: a product's own name on any platform (a Mac build of a phone app
 * keeps the store name).
 */
export function positiveNames(titles: readonly { name: string }[]): Set<string> {
  return new Set(titles.map((t) => simple(t.name)));
}

/**
 * True when a source shows a negative exactly as it shows a product: the same name, with neither a publisher nor a
 * bundle id to tell them apart (Intune on Apple platforms). No matcher can be right about both; such entries are
 * reported apart and left out of precision and recall.
 */
export function indistinguishable(
  shown: { name: string; publisher: string; bundleId: string },
  names: Set<string>,
): boolean {
  return !shown.publisher && !shown.bundleId && names.has(simple(shown.name));
}
