// A text cut before the redactor saw it holds, at the cut, the start of whatever the cut went
// through: no needle matches half a secret, so the characters before each cut are withheld. How far
// back is counted in what each reading decodes the text to, not in its units: a form is as long to
// its reader as the secret it spells, however many units its escapes take or how much padding a
// reading drops between them (quoted-printable soft line breaks, tag controls, invisible characters).
import type { Span } from './secret-forms.js'

/** What stands for the characters withheld before a cut. */
export const CUT_HIDDEN = '[…]'

/**
 * The windows before each cut of one text. Each decoded level the search reads (Redactor.find) is
 * shown to see(), so the window and the search can never disagree on which readings exist: a window
 * reaches back `window` decoded units in whichever level reaches furthest, and at least `window`
 * units of the text as it stands.
 */
export class CutWindows {
  private readonly starts: number[]

  /** `cuts`: where each cut is (the offset of its mark, or the text's end for a cut left unmarked). */
  constructor(
    readonly cuts: number[],
    private readonly window: number,
  ) {
    this.starts = cuts.map((at) => Math.max(0, at - window))
  }

  /** A decoded level of the text: `starts`/`ends` map each of its units back to the text, in the text's order. */
  see(starts: ArrayLike<number>, ends: ArrayLike<number>): void {
    for (let i = 0; i < this.cuts.length; i++) {
      const at = this.cuts[i]!
      // the last decoded unit that ends at or before the cut
      let lo = 0
      let hi = ends.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (ends[mid]! <= at) lo = mid + 1
        else hi = mid
      }
      if (lo > 0) this.starts[i] = Math.min(this.starts[i]!, starts[Math.max(0, lo - this.window)]!)
    }
  }

  /** The withheld windows, each from its start to its cut. */
  spans(): Span[] {
    return this.cuts.map((at, i) => ({ start: this.starts[i]!, end: at, replacement: CUT_HIDDEN }))
  }
}
