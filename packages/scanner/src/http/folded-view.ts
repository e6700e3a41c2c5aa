// Renderers fold what they print: report/text.ts's oneLine() turns every run of whitespace into one
// space, and an error line turns runs of control characters into a space (text/controls.ts). A
// passphrase reflected with a line break, a tab, a no-break space or two spaces between its words is
// then printed as the exact passphrase, though no reading of the text as the target sent it held it.
// This reading folds those runs the same way, mapped back to them, so that the redactor masks what a
// renderer would make legible.
import type { Canonical } from './secret-forms.js'

/** Whitespace as JavaScript's \s reads it (oneLine's class) and the C0/C1 controls and DEL. */
const RUN = /[\s\u0000-\u001f\u007f-\u009f]+/g
/** Whether folding changes anything: a run other than one plain space. */
const FOLDS = /[^\S ]|[\u0000-\u001f\u007f-\u009f]| {2}/

/** The text with every run of whitespace or controls read as one space; undefined when that changes nothing. */
export function foldedRuns(input: string): Canonical | undefined {
  if (!FOLDS.test(input)) return undefined
  const starts: number[] = []
  const ends: number[] = []
  let text = ''
  let at = 0
  const keep = (to: number): void => {
    for (let k = at; k < to; k++) {
      starts.push(k)
      ends.push(k + 1)
    }
    text += input.slice(at, to)
  }
  for (const m of input.matchAll(RUN)) {
    keep(m.index)
    starts.push(m.index)
    ends.push(m.index + m[0].length)
    text += ' '
    at = m.index + m[0].length
  }
  keep(input.length)
  return { text, starts: Int32Array.from(starts), ends: Int32Array.from(ends) }
}
