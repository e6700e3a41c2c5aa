// Characters that stand for ASCII without being it. A person reads a password written in
// mathematical bold letters (U+1D400…), circled letters, superscript digits or full-width forms as
// the password; they are one class, "a code point whose compatibility form (NFKC) is printable
// ASCII", and the decoder (secret-forms.ts canonical()) reads each as the ASCII it stands for, at
// every decoding depth, so every secret form and every reading finds a secret written in them,
// whatever its length. A decimal digit of another script (Arabic-Indic ٧, Devanagari ७) has no
// compatibility form but is its value to a reader of the script: it is read as that ASCII digit too,
// and so is a numeral a script writes digits in without Unicode calling it a decimal digit (the Han
// numerals 〇一二…九, 零, the financial 壹贰叁…玖: NUMERALS). A form whose compatibility form wraps one
// letter or digit run in punctuation (`⑷` is `(4)`, `⒋` is `4.`, `🄅` is `4,`) reads as the run: the
// parentheses, the full stop and the comma are the glyph's frame, as a circle is `④`'s.
//
// The Unicode tag characters (U+E0020–U+E007E, each an ASCII code + 0xE0000) draw nothing, so a
// person reads past them (the letters-and-digits reading leaves them out, as a separator); a reader
// of the report that is a program (an LLM reading it through the MCP server) reads a password
// written in them as plainly as the password. Both readings are needed, so they are no shadows: the
// decoder reads them as ASCII only in a reading of its own (secret-forms.ts Escapes).

/** The blocks that hold a code point whose NFKC form is printable ASCII (Unicode 15.1/16; a test checks the whole range). */
const BLOCKS: Array<[number, number]> = [
  [0x80, 0x3ff],
  [0x1d00, 0x1dff],
  [0x1f00, 0x21ff],
  [0x2400, 0x24ff],
  [0x2a00, 0x2aff],
  [0x2c00, 0x2cff],
  [0x3200, 0x33ff],
  [0xa700, 0xa7ff],
  [0xfb00, 0xfbff],
  [0xfe00, 0xffff],
  [0x10700, 0x107ff],
  [0x1cc00, 0x1ccff],
  [0x1d400, 0x1d7ff],
  [0x1f100, 0x1f1ff],
  [0x1fb00, 0x1fbff],
  // the forms of the Han numerals (NUMERALS) their compatibility form reads as: Kangxi radicals (⼀ ⼆ ⼋),
  // Kanbun annotation marks (㆒ ㆓), the CJK compatibility ideographs (零 U+F9B2), the squared 🈔 🈩, ㈠ and ㊀
  // (in 0x3200–0x33ff above)
  [0x2f00, 0x2fdf],
  [0x3190, 0x319f],
  [0xf900, 0xfaff],
  [0x1f200, 0x1f2ff],
  [0x2f800, 0x2fa1f],
]

/**
 * Numerals a script writes a number's digits in, one character a digit, that Unicode does not call
 * decimal digits (\p{Nd}): each is read as the digit of its numeric value, as the Nd runs are. The Han
 * digits (Intl's `hanidec` numbering system writes 〇一二三四五六七八九), 零 (zero), the financial
 * forms a cheque or a bank writes so no stroke can be added (simplified 壹贰叁肆伍陆柒捌玖, traditional
 * 貳參陸, Japanese 壱弐参, the older 弌弍弎), and the Hangzhou (Suzhou) numerals 〡–〩. Only characters
 * whose value is one digit: 十 (ten), 百, 千 are place words, not digits.
 */
const NUMERALS: Array<[string, string]> = [
  ['〇零', '00'],
  ['一二三四五六七八九', '123456789'],
  ['壹贰叁肆伍陆柒捌玖', '123456789'],
  ['貳參陸', '236'],
  ['壱弐参', '123'],
  ['弌弍弎', '123'],
  ['〡〢〣〤〥〦〧〨〩', '123456789'],
]

/** Every numeral NUMERALS reads, with its digit. */
export function numerals(): Map<number, string> {
  const out = new Map<number, string>()
  for (const [chars, digits] of NUMERALS) [...chars].forEach((c, i) => out.set(c.codePointAt(0)!, digits[i]!))
  return out
}

/**
 * A compatibility form as a reader reads it: each numeral as its digit, and a run of letters and
 * digits wrapped in parentheses or followed by a full stop or a comma as the run alone (the glyph's
 * frame: `⑷` is `(4)`, `⒇` `(20)`, `⒋` `4.`, `🄅` `4,`, `㈠` `(一)`); undefined when it is not then printable ASCII.
 */
export function compatibilityReading(nfkc: string, digits: Map<number, string>): string | undefined {
  let read = ''
  for (const ch of nfkc) read += digits.get(ch.codePointAt(0)!) ?? ch
  if (!/^[\x21-\x7e]+$/.test(read)) return undefined
  return /^\(([0-9A-Za-z]+)\)$/.exec(read)?.[1] ?? /^([0-9A-Za-z]+)[.,]$/.exec(read)?.[1] ?? read
}

/**
 * Letter and digit forms that are the very letter or digit to a reader but have no compatibility form,
 * so NFKC cannot find them: each run is [first code point, the ASCII it reads as from there on]. Only
 * code points Unicode names as a form of that letter or digit; a look-alike of another letter (a
 * homoglyph) is not one.
 */
const FORMS: Array<[number, string]> = [
  // Enclosed Alphanumeric Supplement: NEGATIVE CIRCLED and NEGATIVE SQUARED LATIN CAPITAL LETTER A–Z,
  // REGIONAL INDICATOR SYMBOL LETTER A–Z (two in a row draw a flag; apart, the letter)
  [0x1f150, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  [0x1f170, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  [0x1f1e6, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  // Enclosed Alphanumeric Supplement: DINGBAT CIRCLED SANS-SERIF DIGIT ZERO, DINGBAT NEGATIVE CIRCLED SANS-SERIF DIGIT ZERO
  [0x1f10b, '00'],
  // Dingbats: DINGBAT NEGATIVE CIRCLED DIGIT ONE–NINE, CIRCLED SANS-SERIF DIGIT ONE–NINE, NEGATIVE CIRCLED SANS-SERIF DIGIT ONE–NINE
  [0x2776, '123456789'],
  [0x2780, '123456789'],
  [0x278a, '123456789'],
  // Enclosed Alphanumerics: DOUBLE CIRCLED DIGIT ONE–NINE, NEGATIVE CIRCLED DIGIT ZERO
  [0x24f5, '123456789'],
  [0x24ff, '0'],
  // LATIN LETTER SMALL CAPITAL …, one by one (IPA Extensions, Phonetic Extensions, Latin Extended-D)
  [0x0299, 'b'],
  [0x0262, 'g'],
  [0x029c, 'h'],
  [0x026a, 'i'],
  [0x029f, 'l'],
  [0x0274, 'n'],
  [0x0280, 'r'],
  [0x028f, 'y'],
  [0x1d00, 'a'],
  [0x1d04, 'cd'],
  [0x1d07, 'e'],
  [0x1d0a, 'jk'],
  [0x1d0d, 'm'],
  [0x1d0f, 'o'],
  [0x1d18, 'p'],
  [0x1d1b, 'tu'],
  [0x1d20, 'vwz'],
  [0xa730, 'fs'],
  [0xa7af, 'q'],
]

/** Every code point FORMS reads, with its ASCII. */
export function letterForms(): Map<number, string> {
  const out = new Map<number, string>()
  for (const [from, ascii] of FORMS) [...ascii].forEach((c, i) => out.set(from + i, c))
  return out
}

let table: Map<number, string> | undefined
let pattern: RegExp | undefined

/** Every shadow outside the tags, and a pattern matching any shadow, built on first use (a few thousand normalisations, once per process). */
function shadows(): Map<number, string> {
  if (table) return table
  table = new Map()
  const ranges: string[] = []
  let first = -1
  let last = -2
  const close = (): void => {
    if (first >= 0) ranges.push(`\\u{${first.toString(16)}}-\\u{${last.toString(16)}}`)
  }
  const digits = numerals()
  for (const [from, to] of BLOCKS)
    for (let cp = from; cp <= to; cp++) {
      // the space has its own readings (folded-view.ts, the space/plus fold): only what prints is a shadow here
      const k = compatibilityReading(String.fromCodePoint(cp).normalize('NFKC'), digits)
      if (k === undefined) continue
      table.set(cp, k)
      if (cp !== last + 1) {
        close()
        first = cp
      }
      last = cp
    }
  close()
  const forms = letterForms()
  for (const [cp, ascii] of forms)
    if (!table.has(cp)) {
      table.set(cp, ascii)
      ranges.push(`\\u{${cp.toString(16)}}`)
    }
  // the forms' own variants: a code point whose compatibility form, lower case or upper case is made
  // of those forms (and ASCII) is read as they are (a modifier small capital `ᶦ` is a superscript
  // `ɪ`, `Ɪ` is the capital of `ɪ`, `Ʀ` of `ʀ`): the table is closed under what a reader reads alike
  for (const [from, to] of BLOCKS)
    for (let cp = from; cp <= to; cp++) {
      if (table.has(cp)) continue
      const read = formVariant(cp, forms)
      if (read === undefined) continue
      table.set(cp, read)
      ranges.push(`\\u{${cp.toString(16)}}`)
    }
  // a decimal digit of any script (Arabic-Indic ٧, Devanagari ७, Thai ๗…) is its value to a reader of
  // that script, and a locale's number formatting writes them; none has a compatibility form
  for (const [from, to] of decimalRuns()) {
    for (let cp = from; cp <= to; cp++) if (!table.has(cp)) table.set(cp, String((cp - from) % 10))
    ranges.push(`\\u{${from.toString(16)}}-\\u{${to.toString(16)}}`)
  }
  for (const [cp, digit] of digits)
    if (!table.has(cp)) {
      table.set(cp, digit)
      ranges.push(`\\u{${cp.toString(16)}}`)
    }
  pattern = new RegExp(`[${ranges.join('')}]`, 'u')
  return table
}

/**
 * What `cp` reads as when its compatibility form, lower case or upper case is a string of letter
 * forms (at least one) and printable ASCII: those read one by one; undefined otherwise.
 */
export function formVariant(cp: number, forms: Map<number, string>): string | undefined {
  const c = String.fromCodePoint(cp)
  for (const v of [c.normalize('NFKC'), c.toLowerCase(), c.toUpperCase()]) {
    if (v === c) continue
    let read = ''
    let form = false
    for (const ch of v) {
      const x = ch.codePointAt(0)!
      const f = forms.get(x)
      if (f !== undefined) form = true
      const r = f ?? (x >= 0x21 && x <= 0x7e ? ch : undefined)
      if (r === undefined) {
        read = ''
        form = false
        break
      }
      read += r
    }
    if (form) return read
  }
  return undefined
}

let runs: Array<[number, number]> | undefined

/**
 * The runs of decimal digits past ASCII (\p{Nd}), each from its zero: Unicode encodes every decimal
 * digit in a run of ten from 0 to 9 (adjacent runs, as the mathematical digits, make a run of tens),
 * so a digit's value is its distance from the run's start, modulo ten.
 */
function decimalRuns(): Array<[number, number]> {
  if (runs) return runs
  runs = []
  const nd = /\p{Nd}/u
  for (let cp = 0x80; cp <= 0x1ffff; cp++) {
    if (!nd.test(String.fromCodePoint(cp))) continue
    const last = runs[runs.length - 1]
    if (last && last[1] === cp - 1) last[1] = cp
    else runs.push([cp, cp])
  }
  return runs
}

/** The ASCII digit a decimal digit past ASCII stands for, or undefined when `cp` is none. */
export function decimalValue(cp: number): string | undefined {
  if (!values) {
    values = new Map()
    for (const [from, to] of decimalRuns()) for (let d = from; d <= to; d++) values.set(d, String((d - from) % 10))
  }
  return values.get(cp)
}
let values: Map<number, string> | undefined

/** The ASCII `cp` stands for, or undefined when it is no shadow. */
export function asciiShadow(cp: number): string | undefined {
  return cp < 0x80 ? undefined : shadows().get(cp)
}

/**
 * A secret as the decoder reads it: each shadow as its ASCII (`Horse٧Battery٩` → `Horse7Battery9`,
 * `ʜᴏʀꜱᴇ7` → `horse7`), everything else as it is; the secret itself when it holds none. Whatever the
 * decoder makes of a character of the text, the secret's same character is read alike, so its forms
 * and its letters-and-digits reading are taken of this reading too.
 */
export function shadowReading(secret: string): string {
  if (!hasShadow(secret)) return secret
  let out = ''
  for (const ch of secret) out += asciiShadow(ch.codePointAt(0)!) ?? ch
  return out
}

/** Whether a text holds a shadow: the decoder's pass is worth it only then (or for an escape). */
export function hasShadow(text: string): boolean {
  shadows()
  return pattern!.test(text)
}
