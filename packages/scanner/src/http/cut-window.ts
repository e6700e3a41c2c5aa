// A text cut before the redactor saw it holds, at the cut, the start of whatever the cut went
// through: no needle matches half a secret. What is withheld before a cut is exactly what could be
// such a start: in each view the search reads (the text, each decoded level of every reading, their
// folded, letters-and-digits and punycode views), the longest run of the view ending at the cut that
// some needle searched there starts with. A form padded up to the cut (escapes, soft line breaks,
// invisible characters a view drops) is that run in the view that reads through the padding; an
// honest page, whose last characters start no needle, keeps all of them.
//
// A cut can fall inside an escape, or between the halves of a surrogate pair: the level then ends in
// what is not yet a character (`%6`, `&#00`, `\u{0000`, a lone high surrogate), or in characters an
// escape cut short decoded to something else (`&#12` for `&#123;`, `%E4` for the first byte of `中`).
// Those are read as unknown: the run is looked for before them too, and they are withheld with it.
import type { Canonical } from './canonical.js'
import type { NeedleIndex, WorkBudget } from './needle-index.js'
import { IDNA_IGNORED_UNIT } from './punycode-view.js'
import { DECODE_DEPTH, type Span } from './secret-forms.js'

/** What stands for the characters withheld before a cut. */
export const CUT_HIDDEN = '[…]'

/** A unit a host label can hold as the URL parser reads it: what punycode writes, and what IDNA maps to nothing. */
const LABEL_UNIT = new RegExp(`[a-zA-Z0-9-]|${IDNA_IGNORED_UNIT.source}`, 'u')
const IGNORED_UNIT = new RegExp(`^(?:${IDNA_IGNORED_UNIT.source})$`, 'u')
/** The longest label punycode-view.ts decodes, and its 'xn--'. */
const LABEL_REACH = 257
/** Decoded characters before a cut that an escape cut short may have made (a UTF-8 sequence of four bytes cut after its third). */
const UNSURE = 3
/**
 * How many escapes before a cut can be unfinished: the one the cut went through in the level, and
 * one for each level above it, whose escape the cut went through is left in this level raw (`%3`)
 * or as the start of one more escape (`%25%3` reads `%%3` one level down). A level is at most
 * DECODE_DEPTH plus the three depths a reading adds (quoted-printable, tag characters, the
 * extra level they get first) deep; one more for a lone high surrogate. Any earlier escape-like
 * characters (`a%a%a%…`) were followed in the text by what ended them: they read the same
 * whatever came after the cut, so what they show the target wrote in plain.
 */
const UNFINISHED = DECODE_DEPTH + 3 + 1 + 1
/** The longest HTML reference name (secret-forms.ts reads no further). */
const NAME_REACH = 41
/**
 * In a view that leaves characters out (folded, letters and digits), the units of a run may lie far
 * apart in the text: each is withheld, with what lies between two of them when that is at most this
 * many characters (a secret spelled with padding between its letters reads as one withheld run),
 * and what lies between them shown otherwise (it is what the view left out: no part of the run).
 */
const GAP = 64

/** How a view maps its units back to the text: [starts[k], ends[k]) (identity when undefined). */
interface Map {
  starts?: ArrayLike<number>
  ends?: ArrayLike<number>
}

/**
 * The windows before each cut of one text. Each view is shown to see() or seeBuilt() with the needles
 * searched in it, so the window and the search can never disagree on which views exist.
 */
export class CutWindows {
  private readonly withheld: Span[] = []
  /** Per cut, every end any level's tails() found (offsets of the input). */
  private readonly known: Array<Set<number>> = []

  /** `cuts`: where each cut is (the offset of its mark, or the text's end for a cut left unmarked), ascending. */
  constructor(readonly cuts: number[]) {}

  /**
   * The ends of a text (the input, or a decoded level mapped back by `map`) its runs are looked for
   * before, per cut, as offsets of the input: the cut; before what is not yet a character at its
   * end; and before each of the last UNSURE characters that came from escapes. What lies between the
   * first and the cut is withheld.
   *
   * Each call also returns the ends every earlier call found (the text, then each level, shallowest
   * first): an escape cut short may be unfinished in the syntax of one level and decode to something
   * else one level down. `&cente` of `&centerdot;` is a name cut short in the level that holds it,
   * and `¢` plus a raw `e` in the next, which reads the padding between the secret's letters and
   * would find no run ending at that `e`.
   */
  tails(text: string, map: Map = {}): number[][] {
    return this.cuts.map((cut, i) => {
      const lo = unitsBefore(map.ends, cut, text.length)
      const floor = i > 0 ? unitsBefore(map.ends, this.cuts[i - 1]!, text.length) : 0
      const at = (k: number): number => (k >= lo ? cut : map.starts ? map.starts[k]! : k)
      const ends = [cut]
      // what is not yet a character, and characters an escape cut short may have decoded wrongly (any
      // escape: several units of the input each; the units one escape decoded to, a pair or a reading's
      // '...' of '…', go together), in any order: '%4%' + '%3' (an escape cut short inside another),
      // '\\u00' + '&#0' (a JSON escape whose third digit's reference was cut)
      let k = lo
      for (let unsure = 0, unfinished = 0; k > floor;) {
        const next = unfinished < UNFINISHED ? unfinishedFrom(text, k, floor) : k
        if (next < k) {
          k = next
          unfinished++
        } else if (unsure < UNSURE && map.starts && map.ends![k - 1]! - map.starts[k - 1]! > 1) {
          unsure++
          const from = map.starts[k - 1]!
          while (k > floor && map.starts[k - 1] === from) k--
        } else break
        ends.push(at(k))
      }
      if (ends.length > 1) this.withheld.push({ start: ends[ends.length - 1]!, end: cut, replacement: CUT_HIDDEN })
      const known = (this.known[i] ??= new Set())
      for (const e of ends) known.add(e)
      // the cut first (see() and seeBuilt() build up to the first end)
      return [...known].sort((a, b) => b - a)
    })
  }

  /**
   * A view the text needs no other units for (the text, a level, a punycode view), searched with
   * `index`: the longest run ending at each of `tails` that a needle starts with is withheld, from
   * its start to the cut. False when the budget ran out.
   */
  see(view: string, map: Map, tails: number[][], index: NeedleIndex, budget?: WorkBudget): boolean {
    for (let i = 0; i < this.cuts.length; i++) {
      const floor = i > 0 ? unitsBefore(map.ends, this.cuts[i - 1]!, view.length) : 0
      let start = this.cuts[i]!
      for (const end of tails[i]!) {
        const e = unitsBefore(map.ends, end, view.length)
        const s = index.prefixStart(view, floor, e, budget)
        if (s < 0) return false
        // a run that reaches the cut before goes on before it: that cut's own window holds the rest
        if (s < e) start = Math.min(start, map.starts ? map.starts[s]! : s)
      }
      if (start < this.cuts[i]!) this.withheld.push({ start, end: this.cuts[i]!, replacement: CUT_HIDDEN })
    }
    return true
  }

  /**
   * A view that reads each code point of `text` as `units(cp)` units (0 for what it leaves out) and is
   * built by `build` for any slice of the text starting at a code point: only the slice before each
   * cut that holds as many of its units as the longest needle is built (never past the cut before).
   * Each unit of the run is withheld, with the characters between two of them up to GAP.
   */
  seeBuilt(
    text: string,
    map: Map,
    tails: number[][],
    index: NeedleIndex,
    view: { units: (cp: number) => number; read: (slice: string) => string; build: (slice: string) => Canonical; lowerCase?: true },
    budget?: WorkBudget,
  ): boolean {
    const back = (k: number): number => (map.starts ? map.starts[k]! : k)
    const backEnd = (k: number): number => (map.ends ? map.ends[k - 1]! : k)
    for (let i = 0; i < this.cuts.length; i++) {
      const floor = i > 0 ? unitsBefore(map.ends, this.cuts[i - 1]!, text.length) : 0
      const ends = tails[i]!.map((end) => unitsBefore(map.ends, end, text.length))
      // back from the first of the ends over as many of the view's units as the longest needle, and one more
      let k = Math.min(...ends)
      let count = 0
      while (k > floor && count <= index.longest) {
        const low = text.charCodeAt(k - 1)
        const pair = k >= 2 && low >= 0xdc00 && low <= 0xdfff && text.charCodeAt(k - 2) >= 0xd800 && text.charCodeAt(k - 2) <= 0xdbff
        const size = pair ? 2 : 1
        count += view.units(text.codePointAt(k - size)!)
        k -= size
      }
      if (budget) budget.spent += ends[0]! - k
      // the view of each slice read without its map (the view of a slice is the start of the view of a
      // longer one: it is read code point by code point); the map only where a run was found
      let first = Infinity
      let last = 0
      for (const e of ends) {
        const read = view.read(text.slice(k, e))
        const s = index.prefixStart(read, 0, read.length, budget, view.lowerCase ? { lowerCase: true } : {})
        if (s < 0) return false
        if (s < read.length) {
          first = Math.min(first, s)
          last = Math.max(last, read.length)
        }
      }
      if (first >= last) continue
      const v = view.build(text.slice(k, ends[0]))
      let span: Span | undefined
      for (let u = first; u < last; u++) {
        const start = back(k + v.starts[u]!)
        const end = backEnd(k + v.ends[u]!)
        if (span && start - span.end <= GAP) span.end = Math.max(span.end, end)
        else {
          if (span) this.withheld.push(span)
          span = { start, end, replacement: CUT_HIDDEN }
        }
      }
      if (this.cuts[i]! - span!.end <= GAP) span!.end = this.cuts[i]!
      this.withheld.push(span!)
    }
    return true
  }

  /**
   * A cut through an 'xn--' label leaves a label that no longer decodes, and punycode writes the
   * label's ASCII letters and the deltas of its first characters at its head: the head spells the
   * secret to whoever decodes it whole. The window of such a cut reaches back to the label's 'xn--'
   * (in `text`, a view of the text mapped back by `map`), whatever the needles, reading it as the URL
   * parser does (what IDNA ignores inside it dropped), from each of `tails` (a label cut inside one of
   * its escapes ends in what is not yet a character).
   */
  seeLabels(text: string, map: Map, tails: number[][]): void {
    for (let i = 0; i < this.cuts.length; i++) {
      const floor = i > 0 ? unitsBefore(map.ends, this.cuts[i - 1]!, text.length) : 0
      for (const end of tails[i]!) {
        const lo = unitsBefore(map.ends, end, text.length)
        // a run of label units ends there: back to the run's start (never past the cut before: its
        // mark is no label unit), or as far as a decodable label reaches
        let j = lo
        let kept = 0
        while (j > floor && kept <= LABEL_REACH && LABEL_UNIT.test(text[j - 1]!)) {
          j--
          if (!IGNORED_UNIT.test(text[j]!)) kept++
        }
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
        const from = map.starts ? map.starts[at[head]!]! : at[head]!
        this.withheld.push({ start: from, end: this.cuts[i]!, replacement: CUT_HIDDEN })
      }
    }
  }

  /** The withheld windows. */
  spans(): Span[] {
    return this.withheld
  }
}

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)

/**
 * Where what is not yet a character at the end of `text[floor, lo)` starts (`lo` when nothing is): a
 * lone high surrogate, or an escape the decoder could not read yet — `%`, `%X`, `%uXXX`, `=`, `=X`,
 * `=` and spaces of a soft line break, `\`, `\xX`, `\uXXX`, `\u{` and any digits, `&`, `&#`, `&#x`
 * and digits, `&` and a name. Read backwards: a long run of digits is walked once per cut.
 */
export function unfinishedFrom(text: string, lo: number, floor: number): number {
  if (lo <= floor) return lo
  const last = text.charCodeAt(lo - 1)
  if (last >= 0xd800 && last <= 0xdbff) return lo - 1
  let j = lo
  while (j > floor && isHex(text.charCodeAt(j - 1))) j--
  const digits = lo - j
  const c = (k: number): string => (k >= floor && k < lo ? text[k]! : '')
  let from = lo
  // `\u{` with any number of digits (its zeros are unbounded)
  if (c(j - 1) === '{' && c(j - 2) === 'u' && c(j - 3) === '\\') from = j - 3
  else if ((c(j - 1) === 'u' || c(j - 1) === 'U') && (c(j - 2) === '\\' || c(j - 2) === '%') && digits <= 3) from = j - 2
  else if (c(j - 1) === 'x' && c(j - 2) === '\\' && digits <= 1) from = j - 2
  else if ((c(j - 1) === 'x' || c(j - 1) === 'X') && c(j - 2) === '#' && c(j - 3) === '&') from = j - 3
  else if (c(j - 1) === '#' && c(j - 2) === '&') from = j - 2
  else if ((c(j - 1) === '%' || c(j - 1) === '=') && digits <= 1) from = j - 1
  else if (digits === 0 && (c(lo - 1) === '\\' || c(lo - 1) === '&')) from = lo - 1
  // a reference name cut short ('&am', '&not' of '&notin;')
  let k = lo
  while (k > floor && lo - k < NAME_REACH && isAlnum(text.charCodeAt(k - 1))) k--
  if (k < lo && c(k - 1) === '&') from = Math.min(from, k - 1)
  // a soft line break cut before its line end
  k = lo
  while (k > floor && (c(k - 1) === ' ' || c(k - 1) === '\t' || c(k - 1) === '\r')) k--
  if (c(k - 1) === '=' && k < lo) from = Math.min(from, k - 1)
  return from
}

/** How many units of a view end at or before `at` in the text (`ends` ascending; identity: `at`, at most `length`). */
function unitsBefore(ends: ArrayLike<number> | undefined, at: number, length: number): number {
  if (!ends) return Math.min(at, length)
  let lo = 0
  let hi = ends.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (ends[mid]! <= at) lo = mid + 1
    else hi = mid
  }
  return lo
}
