// The letters-and-digits reading of a text. Each review of the redaction found another character a
// target can put between a secret's letters and still have it read as the secret: another invisible
// code point, another way to write a space, another escape that leaves punctuation behind, a line
// continuation, a typographic dash. They are one class, "characters that are not letters or digits
// between a secret's letters", and this reading removes the whole class: the text keeps only its
// letters and digits, compatibility-decomposed (an accent kept as its combining mark), case-folded, each mapped back
// to the code point it came from. A secret whose own letters and digits are SKELETON_MIN or more is
// searched in it too, beside the readings that keep every character (secret-forms.ts).
//
// A letter can stand between a secret's letters as a separator too: a modifier letter (ʼ, ː, the
// Arabic tatweel, the ideographic iteration mark), a caseless letter of a cased script (ǀ, ꞏ, ʔ), a
// letter or digit of a script the secret is not written in (ж between Latin letters). The reading
// is therefore taken per secret's scripts (Reading): it keeps a letter or digit only when it could
// spell a secret of those scripts, and leaves the rest out as it leaves out punctuation.

import { foldCase } from './needle-index.js'
import { type Canonical, grown } from './canonical.js'

/**
 * A secret is searched in this reading only when it has this many letters and digits: a shorter run
 * of letters would match ordinary words with punctuation between them ("pass-word"). Eight
 * case-folded letters and digits are ~36^8 (2.8e12) values, so a random text matching a random
 * secret's skeleton by chance is negligible; an ordinary phrase matching a password made of words
 * ("summer 2024" for "Summer2024!") is what this reading is meant to find.
 */
export const SKELETON_MIN = 8
/**
 * A secret of digits only needs more: a text's numbers with punctuation between them (a date, a
 * table, a phone number) join into long runs of digits in this reading, and ten digits a character
 * give a short run of them less room than letters and digits do.
 */
export const SKELETON_MIN_DIGITS = 12

/** Whether a secret's reading is long enough to be searched (see SKELETON_MIN). */
export const skeletonWorthy = (sk: string): boolean =>
  sk.length >= SKELETON_MIN && (sk.length >= SKELETON_MIN_DIGITS || !/^[0-9]+$/.test(sk))

/**
 * Scripts a secret's letters are sorted by (a letter of another script has no Reading of its own:
 * its secret is searched in the reading that keeps every script). Common and Inherited (ASCII
 * digits, marks) are kept in every reading.
 */
const SCRIPTS = [
  'Latin',
  'Greek',
  'Cyrillic',
  'Armenian',
  'Georgian',
  'Hebrew',
  'Arabic',
  'Syriac',
  'Thaana',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Oriya',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Thai',
  'Lao',
  'Tibetan',
  'Myanmar',
  'Khmer',
  'Mongolian',
  'Ethiopic',
  'Hangul',
  'Hiragana',
  'Katakana',
  'Bopomofo',
  'Han',
] as const
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u
const SCRIPT_TESTS = SCRIPTS.map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const)

/**
 * What no reading keeps: what draws nothing, what is neither a letter, a digit nor a mark, a
 * modifier letter (U+02BC, U+02D0, U+0640, U+3005: they modify or lengthen the letter before them
 * and spell nothing alone), and a letter without case in a script that writes with case (U+01C0,
 * U+A78F, U+0294: clicks, dots and stops that read as punctuation). A secret holding one loses it
 * too: both sides of the comparison take the same reading.
 */
const NEVER = String.raw`\p{Default_Ignorable_Code_Point}[^\p{L}\p{N}\p{M}]\p{Lm}[\p{Lo}&&[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Armenian}]]`

/** One letters-and-digits reading: which letters and digits it keeps, and its per-code-point cache. */
export interface Reading {
  /** The scripts whose letters and digits are kept; undefined: every script's. */
  readonly scripts: readonly string[] | undefined
  /** Everything the reading leaves out of a decomposed, folded text (global). */
  readonly drop: RegExp
  /** The same for one decomposed code point. */
  readonly dropOne: RegExp
  /** Runs of ASCII it leaves out: punctuation, and letters when Latin is not one of its scripts. */
  readonly asciiDrop: RegExp
  readonly latin: boolean
  readonly cache: Map<number, string>
}

const readings = new Map<string, Reading>()

/** The reading that keeps the letters and digits of `scripts` (every script's when undefined). */
export function readingFor(scripts?: readonly string[]): Reading {
  const key = scripts ? scripts.join(',') : '*'
  let r = readings.get(key)
  if (r) return r
  // a letter or digit of no script of the secret's (Common and Inherited are every secret's) is left out
  const other = scripts
    ? `[[\\p{L}\\p{N}]--[\\p{Script=Common}\\p{Script=Inherited}${scripts.map((n) => `\\p{Script=${n}}`).join('')}]]`
    : ''
  const latin = !scripts || scripts.includes('Latin')
  r = {
    scripts,
    // one class (a union of classes): matched as one set of ranges, not alternative by alternative
    drop: new RegExp(`[${NEVER}${other}]`, 'gv'),
    dropOne: new RegExp(`[${NEVER}${other}]`, 'v'),
    // Stryker disable next-line Regex: the class of ASCII that is neither a letter nor a digit
    asciiDrop: latin ? /[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+/g : /[^0-9\u0080-\uffff]+/g,
    latin,
    cache: new Map(),
  }
  readings.set(key, r)
  return r
}

/** The reading that keeps every script's letters (the one a secret of an unlisted script is searched in). */
export const EVERY_SCRIPT = readingFor()

/**
 * The scripts of a secret's letters, sorted: the reading its letters-and-digits form is searched in.
 * Undefined when one of them is of no listed script, or it has none (it is searched in EVERY_SCRIPT).
 */
export function scriptsOf(secret: string): string[] | undefined {
  // an id or a password of ASCII (most secrets, and thousands of sampled ids): Latin when it has a letter
  if (/^[\x00-\x7f]*$/.test(secret)) return /[A-Za-z]/.test(secret) ? ['Latin'] : undefined
  const found = new Set<string>()
  for (const ch of secretSkeleton(secret, EVERY_SCRIPT)) {
    if (/[0-9]/.test(ch) || /[\p{M}\p{Script=Common}\p{Script=Inherited}]/u.test(ch)) continue
    if (/[a-z]/.test(ch)) {
      found.add('Latin')
      continue
    }
    const hit = SCRIPT_TESTS.find(([, test]) => test.test(ch))
    if (!hit) return undefined
    found.add(hit[0])
  }
  // digits alone: letters of any script stand between them (a date, a table), so none is left out
  return found.size ? [...found].sort() : undefined
}

/**
 * What one code point past ASCII reads as in `reading`: its compatibility decomposition's letters,
 * digits and visible marks, case-folded ('Ｚ' → 'z', 'ß' → 'ss', 'ﬁ' → 'fi', 'ü' → 'u' + U+0308, as a
 * decomposed 'u' + U+0308 reads), less what the reading leaves out.
 */
/**
 * Full case folding, the same over a whole text as over each code point: upper-cased, then
 * lower-cased, so a letter and its upper-case copy read alike though the copy is longer or another
 * letter ('ß' and 'SS' → 'ss', 'ı' and 'I' → 'i', 'ς' and 'Σ' → 'σ', 'ᾀ' and 'ἈΙ' → 'ἀι'). Both
 * sides of the comparison take it: the secret's reading and the text's. Upper-casing has no context;
 * lower-casing has one, the final sigma, so 'ς' is read as 'σ' wherever it stands.
 */
const fullFold = (s: string): string =>
  s
    .toUpperCase()
    .toLowerCase()
    .replace(/\u03c2/g, '\u03c3')

function readAs(cp: number, reading: Reading): string {
  const cache = reading.cache
  let out = cache.get(cp)
  if (out !== undefined) return out
  out = ''
  const c = String.fromCodePoint(cp)
  // a filler letter (U+3164) is a letter that draws nothing: as invisible as a joiner
  if (!IGNORABLE.test(c)) for (const d of fullFold(c.normalize('NFKD')).normalize('NFKD')) if (!reading.dropOne.test(d)) out += d
  if (CAPITAL.test(out)) out = foldCase(out)
  // Stryker disable next-line ConditionalExpression: a cache: a code point read again reads the same
  if (cache.size < 65_536) cache.set(cp, out)
  return out
}

/** How many units of `reading` (bare: marks left out) the code point `cp` reads as. */
export function unitsOf(cp: number, reading: Reading, bare: boolean): number {
  if (cp < 128) return (cp >= 48 && cp <= 57) || (reading.latin && ((cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122))) ? 1 : 0
  const r = readAs(cp, reading)
  return bare ? r.replace(MARKS, '').length : r.length
}

/** The letters-and-digits reading of a secret (what is searched in a text's skeleton). */
export function secretSkeleton(secret: string, reading: Reading = EVERY_SCRIPT, bare = false): string {
  return skeletonText(secret, bare, reading)
}

const NOT_ASCII = /[^\x00-\x7f]/
const MARKS = /\p{M}/gu
const CAPITAL = /[\p{Lu}\p{Lt}]/u

/**
 * `input`'s letters and digits only, folded as readAs() folds them: the text searched. `bare`: its
 * marks left out too. The same steps over the whole text as readAs() takes over each code point
 * (decomposition is per code point, so each still gives the same number of units), natively, so a
 * text of a hundred thousand distinct characters costs no more than one of letters; the map back
 * (skeleton()) is built only for a text where something was found.
 */
export function skeletonText(input: string, bare = false, reading: Reading = EVERY_SCRIPT): string {
  let text = input.replace(reading.asciiDrop, '')
  if (NOT_ASCII.test(text)) {
    text = fullFold(text.normalize('NFKD')).normalize('NFKD').replace(reading.drop, '')
    // the needle index compares unit-wise folded text: a capital the steps left (none known) is folded as it folds
    if (CAPITAL.test(text)) text = foldCase(text)
    return bare ? text.replace(MARKS, '') : text
  }
  return /[A-Z]/.test(text) ? text.toLowerCase() : text
}

/** Whether a reading holds a mark (an accent): only then does its bare reading differ. */
export const hasMarks = (text: string): boolean => NOT_ASCII.test(text) && /\p{M}/u.test(text)

/** skeletonText() with each unit mapped to the code point it came from. */
export function skeleton(input: string, bare = false, reading: Reading = EVERY_SCRIPT): Canonical {
  // a code point reads as one unit mostly, a few for a ligature or a compatibility form: the buffers grow when needed
  let units = new Uint16Array(input.length + 16)
  let starts = new Int32Array(units.length)
  let ends = new Int32Array(units.length)
  let n = 0
  const grow = (): void => {
    units = grown(units, n + 1)
    starts = grown(starts, n + 1)
    ends = grown(ends, n + 1)
  }
  for (let i = 0; i < input.length;) {
    const c = input.charCodeAt(i)
    if (c < 128) {
      // ASCII: a letter lower-cased, a digit as it is, anything else left out
      const unit = c >= 48 && c <= 57 ? c : !reading.latin ? -1 : c >= 65 && c <= 90 ? c + 32 : c >= 97 && c <= 122 ? c : -1
      if (unit >= 0) {
        if (n >= units.length) grow()
        units[n] = unit
        starts[n] = i
        ends[n] = i + 1
        n++
      }
      i++
      continue
    }
    const cp = input.codePointAt(i)!
    const width = cp > 0xffff ? 2 : 1
    const r = bare ? readAs(cp, reading).replace(MARKS, '') : readAs(cp, reading)
    for (let k = 0; k < r.length; k++) {
      if (n >= units.length) grow()
      units[n] = r.charCodeAt(k)
      starts[n] = i
      ends[n] = i + width
      n++
    }
    i += width
  }
  let text = ''
  for (let k = 0; k < n; k += 8192) text += String.fromCharCode(...units.subarray(k, Math.min(n, k + 8192)))
  return { text, starts: starts.subarray(0, n), ends: ends.subarray(0, n) }
}
