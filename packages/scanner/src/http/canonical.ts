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
