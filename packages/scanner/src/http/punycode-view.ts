// Punycode (RFC 3492) writes a host label's ASCII characters first and then deltas that depend on
// every non-ASCII character of the label: a target that puts one accented letter beside a secret in
// a host name ('é' + secret) changes the whole 'xn--' label, so no form of the secret alone matches
// it, yet the label decodes to the secret. This reading decodes every 'xn--' label in a text, mapped
// back to the label it came from; it is searched beside the text, as the quoted-printable reading is.
import { domainToUnicode } from 'node:url'
import type { Canonical } from './secret-forms.js'

/** An ACE label: 'xn--' and the characters punycode writes, in any case (a host name is case-insensitive). */
const LABEL = /xn--[a-z0-9-]+/gi
const MAX_LABEL = 253

/**
 * The text with every decodable 'xn--' label replaced by its Unicode, mapped back; undefined when it has
 * none. `seen`: labels decoded before (the redactor reads every decoded level of a text, and each holds
 * the same labels as the text around it): each is decoded once a text.
 */
export function punycodeLabels(input: string, seen = new Map<string, string>()): Canonical | undefined {
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
