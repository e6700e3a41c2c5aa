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
 * letter read one way, and then the other it can pass for); those folded forms reversed (a
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
