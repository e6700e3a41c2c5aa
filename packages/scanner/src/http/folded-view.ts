// Renderers fold what they print: report/text.ts's oneLine() turns every run of whitespace into one
// space, and an error line turns runs of control characters into a space (text/controls.ts). A
// passphrase reflected with a line break, a tab, a no-break space or two spaces between its words is
// then printed as the exact passphrase, though no reading of the text as the target sent it held it.
// This reading folds those runs the same way, mapped back to them, so that the redactor masks what a
// renderer would make legible.
import { type Canonical, replacedRuns } from './canonical.js'

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
  return replacedRuns(input, RUN, fold)
}
