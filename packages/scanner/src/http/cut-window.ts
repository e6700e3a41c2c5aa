// A text cut before the redactor saw it holds, at the cut, the start of whatever the cut went
// through: no needle matches half a secret, so the characters before each cut are withheld. How far
// back is counted in each view the search reads the text in, not in the text's units: a form is as
// long to its reader as the needle it matches there, however many units its escapes take or how much
// padding a view drops between them (quoted-printable soft line breaks, tag controls, invisible
// characters, what the letters-and-digits reading leaves out, whitespace the folded view folds).
import type { Span } from './secret-forms.js'
import { IDNA_IGNORED_UNIT } from './punycode-view.js'

/** What stands for the characters withheld before a cut. */
export const CUT_HIDDEN = '[…]'

/** A unit a host label can hold as the URL parser reads it: what punycode writes, and what IDNA maps to nothing. */
const LABEL_UNIT = new RegExp(`[a-zA-Z0-9-]|${IDNA_IGNORED_UNIT.source}`, 'u')
const IGNORED_UNIT = new RegExp(`^(?:${IDNA_IGNORED_UNIT.source})$`, 'u')
/** The longest label punycode-view.ts decodes, and its 'xn--'. */
const LABEL_REACH = 257

/**
 * The windows before each cut of one text. Each view the search reads (Redactor.find: the text, each
 * decoded level of every reading, their folded, letters-and-digits and punycode views) is shown to
 * see(), so the window and the search can never disagree on which views exist: a window reaches back
 * as far as the furthest view's, and at least its width in units of the text as it stands.
 */
export class CutWindows {
  private readonly starts: number[]

  /**
   * `cuts`: where each cut is (the offset of its mark, or the text's end for a cut left unmarked).
   * `width`: how many units of a view the window of cut `cut` spans, given the longest needle searched
   * in that view (a needle cut short is shorter than it, so that many units hold all of it). `longest`: the longest
   * needle searched in the text as it stands.
   */
  constructor(
    readonly cuts: number[],
    private readonly width: (longest: number, cut: number) => number,
    longest: number,
  ) {
    this.starts = cuts.map((at, i) => Math.max(0, at - width(longest, i)))
  }

  /**
   * A view of the text: `starts`/`ends` map each of its units back to the text, in the text's order;
   * `longest`: the longest needle searched in it.
   */
  see(starts: ArrayLike<number>, ends: ArrayLike<number>, longest: number): void {
    for (let i = 0; i < this.cuts.length; i++) {
      const lo = unitsBefore(ends, this.cuts[i]!)
      if (lo > 0) this.starts[i] = Math.min(this.starts[i]!, starts[Math.max(0, lo - this.width(longest, i))]!)
    }
  }

  /**
   * A view of `text` that reads each code point as `units(cp)` units (0 for what it drops), counted
   * back from each cut without building the view: as far back as `width` of its units reach, never
   * walking past the cut before (its window reaches at least as far, in this view, as this one needs
   * beyond it), so all cuts together cost one pass. `starts`/`ends` map `text` back (identity when undefined).
   */
  walk(text: string, units: (cp: number) => number, longest: number, starts?: ArrayLike<number>, ends?: ArrayLike<number>): void {
    let floor = 0
    for (let i = 0; i < this.cuts.length; i++) {
      const lo = ends ? unitsBefore(ends, this.cuts[i]!) : Math.min(this.cuts[i]!, text.length)
      const window = this.width(longest, i)
      // the cut before spans as much (every mark does): its window counts on; otherwise (the end of a body) the walk goes on
      const stop = i > 0 && this.width(longest, i - 1) >= window ? floor : 0
      let k = lo
      let count = 0
      while (k > stop && count < window) {
        const low = text.charCodeAt(k - 1)
        const pair = k >= 2 && low >= 0xdc00 && low <= 0xdfff && text.charCodeAt(k - 2) >= 0xd800 && text.charCodeAt(k - 2) <= 0xdbff
        const size = pair ? 2 : 1
        count += units(text.codePointAt(k - size)!)
        k -= size
      }
      const from = k === lo ? this.cuts[i]! : starts ? starts[k]! : k
      // the walk stopped at the cut before with units still to count: that cut's window reaches on
      this.starts[i] = Math.min(this.starts[i]!, count < window && k > 0 && i > 0 ? Math.min(from, this.starts[i - 1]!) : from)
      floor = lo
    }
  }

  /**
   * A cut through an 'xn--' label leaves a label that no longer decodes, and punycode writes the
   * label's ASCII letters and the deltas of its first characters at its head: the head spells the
   * secret to whoever decodes it whole. The window of such a cut reaches back to the label's 'xn--'
   * (in `text`, a view of the text mapped back by `starts`/`ends`; the text itself when they are
   * undefined), whatever the needles' lengths, reading it as the URL parser does (what IDNA ignores
   * inside it dropped).
   */
  seeLabels(text: string, starts?: ArrayLike<number>, ends?: ArrayLike<number>): void {
    let floor = 0
    for (let i = 0; i < this.cuts.length; i++) {
      const lo = ends ? unitsBefore(ends, this.cuts[i]!) : this.cuts[i]!
      // a run of label units ends at the cut: back to the run's start (never past the cut before:
      // its mark is no label unit), or as far as a decodable label reaches
      let j = lo
      let kept = 0
      while (j > floor && kept <= LABEL_REACH && LABEL_UNIT.test(text[j - 1]!)) {
        j--
        if (!IGNORED_UNIT.test(text[j]!)) kept++
      }
      floor = lo
      if (j === lo) continue
      // the first 'xn--' of the run, as the label pattern finds it, with ignored units skipped
      let read = ''
      const at: number[] = []
      for (let k = j; k < lo; k++) {
        if (IGNORED_UNIT.test(text[k]!)) continue
        read += text[k]!.toLowerCase()
        at.push(k)
      }
      const head = read.indexOf('xn--')
      if (head < 0) continue
      const from = starts ? starts[at[head]!]! : at[head]!
      this.starts[i] = Math.min(this.starts[i]!, from)
    }
  }

  /** The withheld windows, each from its start to its cut. */
  spans(): Span[] {
    return this.cuts.map((at, i) => ({ start: this.starts[i]!, end: at, replacement: CUT_HIDDEN }))
  }
}

/** How many units of a view end at or before `at` in the text (`ends` ascending). */
function unitsBefore(ends: ArrayLike<number>, at: number): number {
  let lo = 0
  let hi = ends.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (ends[mid]! <= at) lo = mid + 1
    else hi = mid
  }
  return lo
}
