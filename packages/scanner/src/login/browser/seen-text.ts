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
 * `ALSO_READ` holds the other ASCII letter or digit some of them can pass for in a secret.
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
  µ: 'u',
}
const ALSO_READ: Record<string, string> = { ø: '0', Ø: '0', ß: 'B', ẞ: 'B', ð: 'o', þ: 'p', Þ: 'P' }
const UNFOLDED = new RegExp(`[${Object.keys(READ_AS).join('')}]`, 'gu')

/** The text as drawn for a reader: compatibility forms folded, marks and what draws nothing dropped, Latin letters read as ASCII. */
function folded(text: string, readings: Record<string, string> = READ_AS): string {
  return text
    .replace(/µ/gu, readings['µ'] ?? READ_AS['µ']!)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(UNFOLDED, (c) => readings[c] ?? READ_AS[c]!)
    .normalize('NFKC')
    .replace(DRAWS_NOTHING, '')
}

/**
 * The forms of a page's text to search for secrets: as read; folded (with each undecomposed Latin
 * letter read one way, and then the other it can pass for: a secret that needs both readings at once
 * is found by `readsAsSecret`); those folded forms reversed (a
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
 * A pattern for `secret` in which each position takes its own character or anything that can read
 * as it, independently of every other position (a text drawing `ð` for `d` and `Ø` for `0` in one id
 * matches neither whole-text reading of `seenForms`). No quantifier, and at each position the
 * alternatives start with distinct characters, so a match attempt costs at most the secret's length.
 */
function perPosition(secret: string): RegExp {
  const parts = [...folded(secret).toLowerCase()].map((ch) => {
    const alt = STANDS_FOR.get(ch)
    const cls = `[${[ch, ...(alt?.single ?? [])].map(inClass).join('')}]`
    return alt?.whole.length ? `(?:${[cls, ...alt.whole].join('|')})` : cls
  })
  return new RegExp(parts.join(''), 'iu')
}

/**
 * The characters one page's per-position reading may scan, over all secrets (each secret scans the
 * text near these letters once or twice): past it the page gets no picture, as when the redactor
 * cannot check a text in bounded time. A page holding such letters everywhere costs its length per
 * secret; a scan holds tens of secrets, a sampling scan thousands.
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
 * The text read with each undecomposed Latin letter standing for any of its readings at its own
 * place, to search for a secret as it stands, reversed, or by its letters and digits joined across
 * what is drawn between them; undefined when the text holds no such letter (the other forms do).
 */
export function mixedReadings(text: string): MixedReading | undefined {
  const kept = text.replace(/µ/gu, 'μ').normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFKC').replace(DRAWS_NOTHING, '')
  if (!HAS_AMBIGUOUS.test(kept)) return undefined
  const joined = kept.replace(/[^\p{L}\p{N}]/gu, '')
  const reversed = (s: string): string => [...s].reverse().join('')
  // reversed before marking: a reversed `ß` is still read `ss` or `B`
  const mark = (s: string): string => s.replace(AMBIGUOUS, (c) => MARKERS.get(c)!)
  const whole = { kept: [mark(kept), mark(reversed(kept))], joined: [mark(joined), mark(reversed(joined))] }
  const near = new Map<number, { kept: string[]; joined: string[] }>()
  let spent = 0
  const reading = {
    withheld: false,
    shows(secret: string): boolean {
      if (reading.withheld) return false
      // a secret character takes at most two markers of two code units each
      const radius = 4 * secret.length
      let forms = near.get(radius)
      if (!forms)
        near.set(
          radius,
          (forms = { kept: whole.kept.map((f) => nearMarkers(f, radius)), joined: whole.joined.map((f) => nearMarkers(f, radius)) }),
        )
      // a secret of letters and digits found in the text as it stands is also found in its joined letters and digits
      const searched = /^[\p{L}\p{N}]+$/u.test(folded(secret)) ? forms.joined : [...forms.kept, ...forms.joined]
      spent += searched.reduce((n, f) => n + f.length, 0)
      if (spent > MIXED_WORK) {
        reading.withheld = true
        return false
      }
      const pattern = perPosition(secret)
      return searched.some((f) => pattern.test(f))
    },
  }
  return reading
}

/**
 * Whether the text holds a letter or digit that stays outside ASCII once folded: a Cyrillic `ѕ` or `а`,
 * a Greek `ο`, a Latin `ı` draw like the ASCII letters of a session id, and no table of look-alikes is
 * complete, so such a page gets no picture (accented Latin letters fold to ASCII and pass, and so do
 * ß, æ, œ, ø, ł, đ, ħ, þ, ð and µ, read as above).
 */
export function lookAlikeLetters(text: string): boolean {
  return /(?![\x00-\x7f])[\p{L}\p{N}]/u.test(folded(text))
}

/**
 * What an e-mail field draws for its value: Chromium shows each `xn--` label of the domain in Unicode
 * (`a@xn--caf-dma.example` as `a@café.example`) while `.value` stays punycode, which moves the
 * non-ASCII letters out of place. The drawn form is checked with the rest of the text.
 */
export function drawnEmail(value: string): string {
  return value.replace(/xn--[a-z0-9-]+/giu, (label) => domainToUnicode(label.toLowerCase()) || label)
}
