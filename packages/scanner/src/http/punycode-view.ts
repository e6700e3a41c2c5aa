// Punycode (RFC 3492) writes a host label's ASCII characters first and then deltas that depend on
// every non-ASCII character of the label: a target that puts one accented letter beside a secret in
// a host name ('é' + secret) changes the whole 'xn--' label, so no form of the secret alone matches
// it, yet the label decodes to the secret. This reading decodes every 'xn--' label in a text, mapped
// back to the label it came from; it is searched beside the text, as the quoted-printable reading is.
import { domainToUnicode } from 'node:url'
import { replacedRuns } from './canonical.js'
import type { Canonical } from './secret-forms.js'

/**
 * What the URL parser drops inside a host name before it reads a label: ASCII tab and line breaks,
 * and the code points IDNA (UTS-46) maps to nothing (soft hyphen, CGJ, Mongolian free variation
 * selectors, ZWSP, word joiner, invisible plus, variation selectors, BOM, shorthand format controls).
 * A label with one inside is the label without it to a browser. redact-punycode-levels.test.ts
 * checks the set against the URL parser over the whole code space.
 */
const IDNA_IGNORED: Array<[number, number]> = [
  [0x09, 0x0a],
  [0x0d, 0x0d],
  [0xad, 0xad],
  [0x34f, 0x34f],
  [0x180b, 0x180d],
  [0x180f, 0x180f],
  [0x200b, 0x200b],
  [0x2060, 0x2060],
  [0x2064, 0x2064],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0x1bca0, 0x1bca3],
  [0xe0100, 0xe01ef],
]
// escapes built from the table (a class written out would hold combining characters and surrogate halves)
const hex = (cp: number): string => `\\u{${cp.toString(16)}}`
const ranges = (table: Array<[number, number]>): string => table.map(([a, b]) => `${hex(a)}-${hex(b)}`).join('')
export const IDNA_IGNORED_ALL = new RegExp(`[${ranges(IDNA_IGNORED)}]`, 'gu')
/** One UTF-16 unit of an ignored code point (either surrogate of the astral ones: read loosely, it only widens a window). */
export const IDNA_IGNORED_UNIT = new RegExp(
  `[${ranges([...IDNA_IGNORED.filter(([a]) => a <= 0xffff), [0xd82f, 0xd82f], [0xdb40, 0xdb40], [0xdca0, 0xdca3], [0xdd00, 0xddef]])}]`,
  'u',
)

/** An ACE label: 'xn--' and the characters punycode writes, in any case (a host name is case-insensitive). */
const LABEL = /xn--[a-z0-9-]+/gi
const MAX_LABEL = 253

/**
 * The text with every decodable 'xn--' label replaced by its Unicode, mapped back; undefined when it has
 * none. `seen`: labels decoded before (the redactor reads every decoded level of a text, and each holds
 * the same labels as the text around it): each is decoded once a text.
 */
export function punycodeLabels(input: string, seen = new Map<string, string>()): Canonical | undefined {
  // Stryker disable next-line ConditionalExpression: a shortcut: a text without an 'x' has no label
  if (!/x/i.test(input)) return undefined
  // read as the URL parser reads a host: what it drops inside a label dropped first
  IDNA_IGNORED_ALL.lastIndex = 0
  if (!IDNA_IGNORED_ALL.test(input)) return labelsOf(input, seen)
  if (!/xn--/i.test(input.replace(IDNA_IGNORED_ALL, ''))) return undefined
  const kept = replacedRuns(input, IDNA_IGNORED_ALL, () => '')
  const found = labelsOf(kept.text, seen)
  if (!found) return undefined
  return {
    text: found.text,
    starts: found.starts.map((k) => kept.starts[k]!),
    ends: found.ends.map((k) => kept.ends[k - 1]!),
  }
}

function labelsOf(input: string, seen: Map<string, string>): Canonical | undefined {
  // Stryker disable next-line ConditionalExpression: a shortcut: a text without a label gives nothing below either
  if (!/xn--/i.test(input)) return undefined
  // a decoded label is shorter than the label in code points; twice the input's length bounds it in units
  const starts = new Int32Array(2 * input.length)
  const ends = new Int32Array(2 * input.length)
  let n = 0
  let text = ''
  let at = 0
  let decodedAny = false
  const keep = (from: number, to: number): void => {
    for (let k = from; k < to; k++, n++) {
      starts[n] = k
      ends[n] = k + 1
    }
    text += input.slice(from, to)
  }
  for (const m of input.matchAll(LABEL)) {
    const label = m[0].toLowerCase().replace(/-+$/, '')
    // a label is at most 63 characters in DNS; a longer run is read up to a host name's length, as decoding
    // punycode costs up to the square of its length
    if (label.length > MAX_LABEL) continue
    // a page repeats its host names: each is decoded once
    let value = seen.get(label)
    if (value === undefined) seen.set(label, (value = domainToUnicode(label)))
    if (!value || value === label) continue
    keep(at, m.index)
    const end = m.index + label.length
    for (let k = 0; k < value.length; k++, n++) {
      starts[n] = m.index
      ends[n] = end
    }
    text += value
    at = end
    decodedAny = true
  }
  if (!decodedAny) return undefined
  keep(at, input.length)
  return { text, starts: starts.subarray(0, n), ends: ends.subarray(0, n) }
}
