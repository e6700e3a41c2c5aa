// Quoted-printable (RFC 2045: a mail, a multipart part) writes any byte as '=XX', printable ones
// included, and breaks long lines with a soft line break ('=' at the end of a line). It is a second
// reading of a text, searched beside the first (secret-forms.ts), never instead of it: in a form body
// or a query string '=' separates a name from its value, and 'password=Be%40ch…' read as
// quoted-printable takes '=Be' for one byte and loses the password's first characters.
import { type Canonical, escapedByteAt, escapedBytesAt } from './secret-forms.js'

/** What quoted-printable decodes: a byte as '=XX' (either case of hex), or a soft line break. */
const QP_ESCAPE = /=(?:[0-9A-Fa-f]{2}|[ \t]*\r?\n)/

/** A soft line break at `i`: '=', the spaces or tabs an encoder may leave before the line end, the line end. */
function softBreakAt(s: string, i: number): { value: string; length: number } | undefined {
  let k = i + 1
  while (s[k] === ' ' || s[k] === '\t') k++
  if (s[k] === '\r') k++
  return s[k] === '\n' ? { value: '', length: k + 1 - i } : undefined
}

/** `input` with what `at` decodes at each '=' replaced, each unit of the result mapped to the [start, end) it came from. */
function decodeAtEquals(input: string, at: (s: string, i: number) => { value: string; length: number } | undefined): Canonical {
  // every decoded unit consumes at least one input unit, so the input's length bounds the maps
  const starts = new Int32Array(input.length)
  const ends = new Int32Array(input.length)
  let text = ''
  let n = 0
  let run = 0
  for (let i = 0; i < input.length;) {
    const d = input.charCodeAt(i) === 61 ? at(input, i) : undefined
    if (!d) {
      starts[n] = i
      ends[n] = i + 1
      n++
      i++
      continue
    }
    text += input.slice(run, i) + d.value
    for (let k = 0; k < d.value.length; k++) {
      starts[n] = i
      ends[n] = i + d.length
      n++
    }
    i += d.length
    run = i
  }
  text += input.slice(run)
  return { text, starts: starts.subarray(0, n), ends: ends.subarray(0, n) }
}

/**
 * The text read as quoted-printable, mapped back to it: soft line breaks removed first (an encoder
 * may break a line between the bytes of one character), then every '=XX' read as a byte, a run of
 * them as UTF-8 when it is UTF-8 and else as windows-1252, as percent bytes are read (`bytewise`:
 * each byte alone as windows-1252, see escapedByteAt). Undefined for a text with nothing
 * quoted-printable would decode, which is most text.
 */
export function quotedPrintable(input: string, bytewise = false): Canonical | undefined {
  if (!QP_ESCAPE.test(input)) return undefined
  const joined = decodeAtEquals(input, softBreakAt)
  let grouped = false
  const bytes = decodeAtEquals(joined.text, (s, i) => {
    const d = bytewise ? escapedByteAt(s, i, '=') : escapedBytesAt(s, i, '=')
    if (d && d.length > 3) grouped = true
    return d
  })
  return {
    text: bytes.text,
    starts: bytes.starts.map((s) => joined.starts[s]!),
    ends: bytes.ends.map((e) => joined.ends[e - 1]!),
    grouped,
  }
}
