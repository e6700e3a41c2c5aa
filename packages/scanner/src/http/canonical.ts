// In a file of its own: the decoder (secret-forms.ts), the readings it calls (ascii-shadow.ts) and the
// letters-and-digits reading (skeleton.ts) all speak it, and none may import another back.

/** Canonical text and, for each of its UTF-16 units, the [start, end) it came from in the original. */
export interface Canonical {
  text: string
  starts: Int32Array
  ends: Int32Array
  /** Whether a run of escaped bytes was read as one UTF-8 character: a byte-wise reading then reads it otherwise. */
  grouped?: boolean
}

/**
 * `array`, or a copy of it at least twice as long when it holds fewer than `need` units: the maps of a
 * reading that may write more units than it reads (a shadow `Ⅷ` is `VIII`, a ligature `ﬁ` is `fi`) grow
 * as they are written, so each unit costs a constant on average.
 */
export function grown(array: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer>
export function grown(array: Uint16Array<ArrayBuffer>, need: number): Uint16Array<ArrayBuffer>
export function grown(
  array: Int32Array<ArrayBuffer> | Uint16Array<ArrayBuffer>,
  need: number,
): Int32Array<ArrayBuffer> | Uint16Array<ArrayBuffer> {
  if (need <= array.length) return array
  const size = Math.max(2 * array.length, need)
  const out = array instanceof Int32Array ? new Int32Array(size) : new Uint16Array(size)
  out.set(array)
  return out
}

/**
 * `input` with every match of `pattern` (a global regex) replaced by `replace` of it, mapped back: each
 * unit kept to itself, each unit of a replacement to the whole match. A replacement is never longer
 * than its match (a run folded to one space, a soft line break to nothing), so the input's length
 * bounds the maps.
 */
export function replacedRuns(input: string, pattern: RegExp, replace: (match: string) => string): Canonical {
  const starts = new Int32Array(input.length)
  const ends = new Int32Array(input.length)
  let n = 0
  let at = 0
  let text = ''
  for (const m of input.matchAll(pattern)) {
    for (let k = at; k < m.index; k++, n++) {
      starts[n] = k
      ends[n] = k + 1
    }
    const value = replace(m[0])
    for (let k = 0; k < value.length; k++, n++) {
      starts[n] = m.index
      ends[n] = m.index + m[0].length
    }
    text += input.slice(at, m.index) + value
    at = m.index + m[0].length
  }
  for (let k = at; k < input.length; k++, n++) {
    starts[n] = k
    ends[n] = k + 1
  }
  text += input.slice(at)
  return { text, starts: starts.subarray(0, n), ends: ends.subarray(0, n) }
}
