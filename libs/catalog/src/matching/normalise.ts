// Titles reach inventories with typographic noise that a reader does not see: no-break and ideographic spaces,
// zero-width characters, full-width forms, look-alike letters from other scripts. Matching runs on a folded form;
// the raw title stays what people are shown.

// Cyrillic and Greek letters drawn like Latin ones (Unicode confusables, the common subset).
const CONFUSABLES: Record<string, string> = {
  а: 'a',
  е: 'e',
  ё: 'e',
  һ: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ɡ: 'g',
  ı: 'i',
  А: 'A',
  В: 'B',
  Е: 'E',
  Ё: 'E',
  Н: 'H',
  І: 'I',
  Ї: 'I',
  Ј: 'J',
  К: 'K',
  М: 'M',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  У: 'Y',
  Х: 'X',
  Ѕ: 'S',
  Ԁ: 'D',
  Ԛ: 'Q',
  Ԝ: 'W',
  α: 'a',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ϲ: 'c',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};
const CONFUSABLE_CHARS = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'gu');
const LATIN = /[A-Za-z]/;
const LETTER = /\p{L}/gu;
const INVISIBLE = /[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0]/gu;
const SPACES = /[\s\p{Zs}]+/gu;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const SYMBOLS = /[™®©℠]/g;
const PLAIN = /^[\x20-\x7e]*$/;

/**
 * The form titles, publishers and examples are compared in: NFKC (full-width → ASCII, ligatures), invisible
 * characters dropped, every kind of space and run of spaces → one space, dashes → "-", trademark signs dropped,
 * look-alike Cyrillic/Greek letters folded to Latin inside words that are not written in those scripts, lower case.
 */
export function foldText(raw: string): string {
  if (PLAIN.test(raw)) return raw.replace(/ {2,}/g, ' ').trim().toLowerCase();
  const s = raw
    .replace(SYMBOLS, '')
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(DASHES, '-')
    .replace(SPACES, ' ')
    .trim();
  return s.split(' ').map(foldWord).join(' ').toLowerCase();
}

// A word with Latin letters is Latin: its look-alikes are disguise. A word made only of look-alikes ("ТікТок") is
// disguise too. A word with other Cyrillic letters ("Касперского") is real Cyrillic and stays as it is.
function foldWord(word: string): string {
  CONFUSABLE_CHARS.lastIndex = 0;
  if (!CONFUSABLE_CHARS.test(word)) return word;
  const letters = word.match(LETTER) ?? [];
  const disguised = LATIN.test(word) || letters.every((c) => c in CONFUSABLES || LATIN.test(c));
  return disguised ? word.replace(CONFUSABLE_CHARS, (c) => CONFUSABLES[c]) : word;
}

/** A title's name for matching: folded, without the ".app" Jamf reports on macOS bundles. */
export function foldName(raw: string): string {
  return foldText(raw)
    .replace(/\.app$/, '')
    .trim();
}

// A store subtitle or tagline: "TikTok - Videos, Music & LIVE", "Kaspersky: VPN & Antivirus", "抖音 | 记录美好生活".
const SUBTITLE = /(?:\s-(?:\s|$)|:\s|：|\s\|\s|｜).*$/u;
// A tagline glued to the name: "WPS Office-PDF,Word,Sheet,PPT", "CapCut–Video Editor" (not "Hik-Connect").
const GLUED_TAGLINE = /(?:\s?[–—]|-(?=[^\s-]*[\s,])).*$/u;
// Trailing noise after a product name on desktops: "(x64)", "(64-bit)", "v1.2", "3.9.12.17", "for Windows".
const TRAILER =
  /(?:\s\([^()]*\)|\sv?\d+(?:[.,_-][0-9a-z]+)*|\s(?:x64|x86|x86_64|arm64|64-bit|32-bit|64 bit|32 bit)|\sfor\s(?:windows|mac|macos|os x|pc|desktop|android|iphone|ipad|ios))$/u;

/**
 * The names a folded title may be a product name under: itself, the part before a store subtitle, that part
 * without trailing versions, architectures, parenthesised notes or "for Windows", then the part before a tagline
 * glued on with a dash. Most specific first.
 */
export function nameCandidates(folded: string): string[] {
  const out = [folded];
  const head = folded.replace(SUBTITLE, '').trim() || folded;
  if (head !== folded) out.push(head);
  withoutTrailers(head, out);
  const glued = head.replace(GLUED_TAGLINE, '').trim();
  if (glued && glued !== head) {
    out.push(glued);
    withoutTrailers(glued, out);
  }
  return out;
}

function withoutTrailers(name: string, out: string[]): void {
  let bare = name;
  for (let i = 0; i < 4; i++) {
    const cut = bare.replace(TRAILER, '');
    if (cut === bare || !cut) break;
    bare = cut;
    out.push(bare);
  }
}
