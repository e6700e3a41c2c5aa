// The letters-and-digits reading of a text. Each review of the redaction found another character a
// target can put between a secret's letters and still have it read as the secret: another invisible
// code point, another way to write a space, another escape that leaves punctuation behind, a line
// continuation, a typographic dash. They are one class, "characters that are not letters or digits
// between a secret's letters", and this reading removes the whole class: the text keeps only its
// letters and digits, compatibility-decomposed (an accent kept as its combining mark), case-folded, each mapped back
// to the code point it came from. A secret whose own letters and digits are SKELETON_MIN or more is
// searched in it too, beside the readings that keep every character (secret-forms.ts).

import { foldCase } from './needle-index.js'
import type { Canonical } from './secret-forms.js'

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

// a combining mark that draws (an accent) is kept: 'irena' is not 'Ìrena'; the joiners and selectors
// that draw nothing (U+034F, U+FE0F) are default-ignorable and left out
const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u
/**
 * What one code point past ASCII reads as: its compatibility decomposition's letters, digits and
 * visible marks, case-folded ('Ｚ' → 'z', 'ß' → 'ss', 'ﬁ' → 'fi', 'ü' → 'u' + U+0308, as a decomposed 'u' + U+0308 reads).
 */
const cache = new Map<number, string>()

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

function readAs(cp: number): string {
  let out = cache.get(cp)
  if (out !== undefined) return out
  out = ''
  const c = String.fromCodePoint(cp)
  // a filler letter (U+3164) is a letter that draws nothing: as invisible as a joiner
  if (!IGNORABLE.test(c))
    for (const d of fullFold(c.normalize('NFKD')).normalize('NFKD')) if (LETTER_OR_DIGIT.test(d) && !IGNORABLE.test(d)) out += d
  if (CAPITAL.test(out)) out = foldCase(out)
  // Stryker disable next-line ConditionalExpression: a cache: a code point read again reads the same
  if (cache.size < 65_536) cache.set(cp, out)
  return out
}

/** The letters-and-digits reading of a secret (what is searched in a text's skeleton). */
export function secretSkeleton(secret: string): string {
  return skeletonText(secret)
}

/** Runs of ASCII that is neither a letter nor a digit: left out. */
const ASCII_OTHER = /[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+/g
const NOT_ASCII = /[^\x00-\x7f]/
/** What the reading leaves out once decomposed: all but letters, digits and marks, and what draws nothing. */
const NOT_KEPT = /\p{Default_Ignorable_Code_Point}|[^\p{L}\p{N}\p{M}]/gu
const MARKS = /\p{M}/gu
const CAPITAL = /[\p{Lu}\p{Lt}]/u

/**
 * `input`'s letters and digits only, folded as readAs() folds them: the text searched. `bare`: its
 * marks left out too. The same steps over the whole text as readAs() takes over each code point
 * (decomposition is per code point, so each still gives the same number of units), natively, so a
 * text of a hundred thousand distinct characters costs no more than one of letters; the map back
 * (skeleton()) is built only for a text where something was found.
 */
export function skeletonText(input: string, bare = false): string {
  let text = input.replace(ASCII_OTHER, '')
  if (NOT_ASCII.test(text)) {
    text = fullFold(text.normalize('NFKD')).normalize('NFKD').replace(NOT_KEPT, '')
    // the needle index compares unit-wise folded text: a capital the steps left (none known) is folded as it folds
    if (CAPITAL.test(text)) text = foldCase(text)
    return bare ? text.replace(MARKS, '') : text
  }
  return /[A-Z]/.test(text) ? text.toLowerCase() : text
}

/** Whether a reading holds a mark (an accent): only then does its bare reading differ. */
export const hasMarks = (text: string): boolean => NOT_ASCII.test(text) && /\p{M}/u.test(text)

/** skeletonText() with each unit mapped to the code point it came from. */
export function skeleton(input: string, bare = false): Canonical {
  // a code point reads as one unit mostly, a few for a ligature or a compatibility form: the buffers grow when needed
  let size = input.length + 16
  let units = new Uint16Array(size)
  let starts = new Int32Array(size)
  let ends = new Int32Array(size)
  let n = 0
  const grow = (): void => {
    size *= 2
    const u = new Uint16Array(size)
    u.set(units)
    units = u
    const s = new Int32Array(size)
    s.set(starts)
    starts = s
    const e = new Int32Array(size)
    e.set(ends)
    ends = e
  }
  for (let i = 0; i < input.length;) {
    const c = input.charCodeAt(i)
    if (c < 128) {
      // ASCII: a letter lower-cased, a digit as it is, anything else left out
      const unit = c >= 65 && c <= 90 ? c + 32 : (c >= 48 && c <= 57) || (c >= 97 && c <= 122) ? c : -1
      if (unit >= 0) {
        if (n >= size) grow()
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
    const r = bare ? readAs(cp).replace(MARKS, '') : readAs(cp)
    for (let k = 0; k < r.length; k++) {
      if (n >= size) grow()
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
