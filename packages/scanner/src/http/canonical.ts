// In a file of its own: the decoder (secret-forms.ts) and the readings it calls (ascii-shadow.ts) both
// speak it, and neither may import the other back.

/** Canonical text and, for each of its UTF-16 units, the [start, end) it came from in the original. */
export interface Canonical {
  text: string
  starts: Int32Array
  ends: Int32Array
  /** Whether a run of escaped bytes was read as one UTF-8 character: a byte-wise reading then reads it otherwise. */
  grouped?: boolean
}
