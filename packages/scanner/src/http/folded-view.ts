// Renderers fold what they print: report/text.ts's oneLine() turns every run of whitespace into one
// space, and an error line turns runs of control characters into a space (text/controls.ts). A
// passphrase reflected with a line break, a tab, a no-break space or two spaces between its words is
// then printed as the exact passphrase, though no reading of the text as the target sent it held it.
// This reading folds those runs the same way, mapped back to them, so that the redactor masks what a
// renderer would make legible.
import type { Canonical } from './secret-forms.js'

/**
 * Whitespace as JavaScript's \s reads it (oneLine's class) and the C0/C1 controls and DEL; and '+',
 * which a decoded level (secret-forms.ts canonical()) writes for a space ('&#32;&#32;' is '++').
 */
const RUN = /[\s\u0000-\u001f\u007f-\u009f+]+/g
/** Whether folding changes anything: a run other than one plain space or one '+'. */
const FOLDS = /[^\S ]|[\u0000-\u001f\u007f-\u009f]|[ +]{2}/
/** A run as folded: one space, but a lone space or '+' as it is (both are already a secret's forms). */
const fold = (run: string): string => (run === ' ' || run === '+' ? run : ' ')

/** The text with every run of whitespace or controls read as one space; undefined when that changes nothing. */
export function foldedText(input: string): string | undefined {
  return FOLDS.test(input) ? input.replace(RUN, fold) : undefined
}

/** foldedText() mapped back to the input, each run's space to the whole run. */
export function foldedRuns(input: string): Canonical {
  // a run becomes one unit, every other unit stays one: the input's length bounds the maps
  const starts = new Int32Array(input.length)
  const ends = new Int32Array(input.length)
  let n = 0
  let at = 0
  const keep = (to: number): void => {
    for (let k = at; k < to; k++, n++) {
      starts[n] = k
      ends[n] = k + 1
    }
  }
  for (const m of input.matchAll(RUN)) {
    keep(m.index)
    starts[n] = m.index
    ends[n] = m.index + m[0].length
    n++
    at = m.index + m[0].length
  }
  keep(input.length)
  return { text: input.replace(RUN, fold), starts: starts.subarray(0, n), ends: ends.subarray(0, n) }
}
