import { domainToUnicode } from 'node:url'

// A reader of a picture sees letters, not code points: the same secret can be written with other
// code points that draw the same (mathematical or full-width letters, a combining mark, an invisible
// joiner, a right-to-left override that draws a reversed string in reading order). The page check
// searches every form below, and refuses what it cannot fold.

/**
 * Code points that draw nothing a reader reads between two letters: format characters (joiners, bidi
 * controls, U+FFF9–FFFB's annotation marks), every default-ignorable one (variation selectors, tags,
 * fillers), controls other than line breaks and tabs, private-use and unassigned ones (whatever this
 * Chromium's fonts make of them), lone surrogates. Dropping one that does draw only makes the search
 * find more.
 */
const DRAWS_NOTHING = /(?![\t\n\r\f])[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Default_Ignorable_Code_Point}]/gu

/**
 * Latin letters with no decomposition, read as the ASCII a reader reads in them (the German, Danish,
 * Norwegian, Polish, Croatian, Icelandic letters; the micro sign, which NFKC would make Greek).
 * `ALSO_READ` holds the other ASCII letter or digit some of them can pass for in a secret, or that
 * they are drawn as: CSS can draw any text upper-cased (`text-transform`, `font-variant-caps`), and
 * the micro sign upper-cased is GREEK CAPITAL MU, drawn as an M. The long s `ſ` has a compatibility
 * decomposition (to s) that is not how it is drawn: in the usual sans fonts it is an f without the
 * right half of its bar, so it is read both ways (and `ﬅ`, its ligature with t, as `ſt`).
 */
const READ_AS: Record<string, string> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  Ħ: 'H',
  þ: 'th',
  Þ: 'TH',
  ð: 'd',
  Ð: 'D',
  ŧ: 't',
  Ŧ: 'T',
  ƀ: 'b',
  Ƀ: 'B',
  µ: 'u',
  ſ: 's',
}
const ALSO_READ: Record<string, string> = { ø: '0', Ø: '0', ß: 'B', ẞ: 'B', ð: 'o', þ: 'p', Þ: 'P', µ: 'm', ſ: 'f' }
const UNFOLDED = new RegExp(`[${Object.keys(READ_AS).join('')}]`, 'gu')

/**
 * The text with the letters NFKD would fold to another letter than the one drawn brought out: `ﬅ` as
 * `ſt`, and `ẛ` (ſ with a dot) decomposed to its `ſ`.
 */
const withDrawnLetters = (text: string): string => text.replace(/\ufb05/gu, '\u017ft').normalize('NFD')

/** The text as drawn for a reader: compatibility forms folded, marks and what draws nothing dropped, Latin letters read as ASCII. */
function folded(text: string, readings: Record<string, string> = READ_AS): string {
  return withDrawnLetters(text)
    .replace(/[µſ]/gu, (c) => readings[c] ?? READ_AS[c]!)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(UNFOLDED, (c) => readings[c] ?? READ_AS[c]!)
    .normalize('NFKC')
    .replace(DRAWS_NOTHING, '')
}

/**
 * The forms of a page's text to search for secrets: as read; folded (with each undecomposed Latin
 * letter read one way, and then the other it can pass for: a secret that needs both readings at once
 * is found by `mixedReadings`); those folded forms reversed (a
 * bidirectional override, `direction: rtl` with `unicode-bidi: bidi-override` or `<bdo dir=rtl>`,
 * draws a reversed string in reading order); and the folded text's letters and digits alone, which
 * a reader joins across whatever is drawn between them (a space, a thin space, a character this
 * list does not know to draw nothing).
 */
export function seenForms(text: string): string[] {
  const f = folded(text)
  const also = folded(text, ALSO_READ)
  const reversed = (s: string): string => [...s].reverse().join('')
  const forms = [text, f, reversed(f), f.replace(/[^\p{L}\p{N}]/gu, '')]
  if (also !== f) forms.push(also, reversed(also), also.replace(/[^\p{L}\p{N}]/gu, ''))
  return forms
}

/**
 * Each undecomposed Latin letter's readings (READ_AS and ALSO_READ), with the Greek mu NFKC makes of
 * the micro sign. A letter in the text is replaced by one private-use marker per character of its
 * longest reading (`ß` by two), so that a secret's `s` can take either half of `ß`, its `B` both.
 * Private-use code points are dropped from the folded text (DRAWS_NOTHING), so no page can draw a marker.
 */
const READINGS = new Map<string, string[]>(
  [...Object.keys(READ_AS), 'μ'].map((c) => {
    const key = c === 'μ' ? 'µ' : c
    return [c, [READ_AS[key]!, ...(ALSO_READ[key] === undefined ? [] : [ALSO_READ[key]])]]
  }),
)
const MARKERS = new Map<string, string>()
{
  let next = 0xf0000
  for (const [c, readings] of READINGS) {
    const width = Math.max(...readings.map((r) => r.length))
    MARKERS.set(c, Array.from({ length: width }, () => String.fromCodePoint(next++)).join(''))
  }
}
const AMBIGUOUS = new RegExp(`[${[...READINGS.keys()].join('')}]`, 'gu')
const HAS_AMBIGUOUS = new RegExp(AMBIGUOUS.source, 'u')

/**
 * For each ASCII character (lower case: the search ignores case), what in the marked text can stand
 * for it: single markers (one letter read as it, or the part of a longer reading that is it) and
 * whole marker strings (a letter of two markers read as this one character, `ß` as `B`).
 */
const STANDS_FOR = new Map<string, { single: string[]; whole: string[] }>()
for (const [c, readings] of READINGS) {
  const marks = [...MARKERS.get(c)!]
  for (const reading of readings) {
    const chars = [...reading.toLowerCase()]
    for (const [i, ch] of chars.entries()) {
      const entry = STANDS_FOR.get(ch) ?? { single: [], whole: [] }
      STANDS_FOR.set(ch, entry)
      if (chars.length === marks.length) entry.single.push(marks[i]!)
      else entry.whole.push(marks.join(''))
    }
  }
}

const inClass = (c: string): string => (/[\\\][^-]/.test(c) ? `\\${c}` : c)

/**
 * What a reader reads of a secret, letter by letter: its letters and digits, folded as the text is
 * and in lower case (the search ignores case). Its punctuation and spacing are not part of it: a page
 * can draw a `-` as U+2010, U+2212, a space or nothing, and no list of look-alike dashes, quotes or
 * spaces is complete, so what stands between the letters is read as "anything that is not a letter or
 * digit", the whole class at once, at every length.
 */
const lettersOf = (secret: string): string =>
  folded(secret)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '')

/**
 * A pattern for a secret's letters (see `lettersOf`) in which each position takes its own character
 * or anything that can read as it, independently of every other position (a text drawing `ð` for `d`
 * and `Ø` for `0` in one id matches neither whole-text reading of `seenForms`). No quantifier, and at
 * each position the alternatives start with distinct characters, so a match attempt costs at most the
 * secret's length.
 */
function perPosition(letters: string): RegExp {
  const parts = [...letters].map((ch) => {
    const alt = STANDS_FOR.get(ch)
    const cls = `[${[ch, ...(alt?.single ?? [])].map(inClass).join('')}]`
    return alt?.whole.length ? `(?:${[cls, ...alt.whole].join('|')})` : cls
  })
  return new RegExp(parts.join(''), 'iu')
}

/**
 * The characters one page's per-position reading may scan near look-alike letters, over all secrets
 * (each secret scans the text near these letters once or twice): past it the page gets no picture, as
 * when the redactor cannot check a text in bounded time. A page holding such letters everywhere costs
 * its length per secret; a scan holds tens of secrets, a sampling scan thousands.
 */
export const MIXED_WORK = 100_000_000

/** Where a secret's match must lie: within `radius` code units of a marker, the windows joined by a character no pattern matches. */
function nearMarkers(form: string, radius: number): string {
  const windows: [number, number][] = []
  for (const m of form.matchAll(/\p{Co}/gu)) {
    const start = Math.max(0, m.index - radius)
    const end = Math.min(form.length, m.index + m[0].length + radius)
    const last = windows.at(-1)
    if (last && start <= last[1]) last[1] = end
    else windows.push([start, end])
  }
  return windows.map(([start, end]) => form.slice(start, end)).join('\u{10fffd}')
}

/** A page's text read per position (see `perPosition`), searched one secret at a time within MIXED_WORK. */
export interface MixedReading {
  /** Whether the text shows the secret; false once the work is spent. */
  shows(secret: string): boolean
  /** Whether the work ran out before every secret asked about was searched. */
  readonly withheld: boolean
}

/**
 * The text read as a reader reads a secret in it: its letters and digits only, joined across whatever
 * is drawn between them (punctuation of any kind, spaces, nothing), forwards and reversed, with each
 * undecomposed Latin letter standing for any of its readings at its own place; searched for each
 * secret's letters and digits (`lettersOf`). Where no such letter is near, the search is a plain
 * substring search.
 */
export function mixedReadings(text: string): MixedReading {
  // ſ kept apart from NFKD, which would make it an s
  const kept = withDrawnLetters(text)
    .split('ſ')
    .map((part) => part.replace(/µ/gu, 'μ').normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFKC').replace(DRAWS_NOTHING, ''))
    .join('ſ')
  const joined = kept.replace(/[^\p{L}\p{N}]/gu, '')
  const reversed = (s: string): string => [...s].reverse().join('')
  // reversed before marking: a reversed `ß` is still read `ss` or `B`
  const mark = (s: string): string => s.replace(AMBIGUOUS, (c) => MARKERS.get(c)!)
  const marked = [mark(joined), mark(reversed(joined))]
  const lower = marked.map((f) => f.toLowerCase())
  const anyMarker = HAS_AMBIGUOUS.test(joined)
  const near = new Map<number, string[]>()
  let spent = 0
  const reading = {
    withheld: false,
    shows(secret: string): boolean {
      if (reading.withheld) return false
      const letters = lettersOf(secret)
      if (!letters) return false
      // a match through no look-alike letter is the letters themselves: linear, like the redactor's own search
      if (lower.some((f) => f.includes(letters))) return true
      if (!anyMarker) return false
      // a secret character takes at most two markers of two code units each
      const radius = 4 * letters.length
      let forms = near.get(radius)
      if (!forms) near.set(radius, (forms = marked.map((f) => nearMarkers(f, radius))))
      spent += forms.reduce((n, f) => n + f.length, 0)
      if (spent > MIXED_WORK) {
        reading.withheld = true
        return false
      }
      const pattern = perPosition(letters)
      return forms.some((f) => pattern.test(f))
    },
  }
  return reading
}

/**
 * Combining marks drawn across the letter they follow (canonical combining class 1, "overlay"): `O`
 * with U+0338 is drawn `Ø`, `c` with it `¢`, `d` with U+0335 `đ`. No table says what every struck letter
 * passes for, so a letter or digit carrying one is refused like a look-alike, not read without it.
 */
const OVERLAID =
  /[\p{L}\p{N}]\p{M}*[\u0334-\u0338\u1cd4\u1ce2-\u1ce8\u20d2\u20d3\u20d8-\u20da\u20e5\u20e6\u20ea\u20eb\u{10a39}\u{16af0}-\u{16af4}\u{1bc9e}\u{1d167}-\u{1d169}]/u

/**
 * Whether the text holds a letter or digit that stays outside ASCII once folded: a Cyrillic `ѕ` or `а`,
 * a Greek `ο`, a Latin `ı` draw like the ASCII letters of a session id, and no table of look-alikes is
 * complete, so such a page gets no picture (accented Latin letters fold to ASCII and pass, and so do
 * ß, æ, œ, ø, ł, đ, ħ, þ, ð, ſ and µ, read as above). CSS can draw any text upper- or lower-cased, so
 * the text's upper and lower case are looked at too (the combining ypogegrammeni U+0345, a mark
 * dropped from the reading, is drawn upper-cased as a Greek capital iota); the micro sign is not, as
 * its capital (a Greek mu, drawn M) is one of its readings. A letter or digit under an overlay mark
 * (`OVERLAID`) is refused too.
 */
export function lookAlikeLetters(text: string): boolean {
  const outside = (t: string): boolean => /(?![\x00-\x7f])[\p{L}\p{N}]/u.test(folded(t))
  const cased = text.replace(/µ/gu, '')
  return outside(text) || outside(cased.toUpperCase()) || outside(cased.toLowerCase()) || OVERLAID.test(text.normalize('NFKD'))
}

/**
 * What an e-mail field draws for its value: Chromium shows each `xn--` label of the domain in Unicode
 * (`a@xn--caf-dma.example` as `a@café.example`) while `.value` stays punycode, which moves the
 * non-ASCII letters out of place. The drawn form is checked with the rest of the text.
 */
export function drawnEmail(value: string): string {
  return value.replace(/xn--[a-z0-9-]+/giu, (label) => domainToUnicode(label.toLowerCase()) || label)
}
