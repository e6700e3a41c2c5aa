// Finding thousands of needles in a text in one pass. A scan knows from a handful of secrets to
// thousands (every sampled session id), each in some eighty forms; searching the text once per form
// costs needles × text. Instead every needle is filed under a hash of its first KEY characters, and
// the text is walked once with a rolling hash of the same width: a position is compared only with
// the needles filed under its hash. Needles shorter than KEY (short passwords) are few and searched
// one by one.
//
// A needle is matched exactly or in any letter case (a case-folded copy of a secret: a target may
// upper-case it, capitalise it, or upper-case a text whose escapes decode to a letter of a case of
// their own, '%9a' and '%9A' both 'š'). The hash is taken over case-folded units for every needle, so
// both kinds share one pass; the comparison then decides exactly or folded.

const KEY = 6
const BASE = 0x01000193
/** BASE^(KEY-1) mod 2^32, to take the leaving character out of the rolling hash. */
const TOP = (() => {
  let p = 1
  for (let i = 1; i < KEY; i++) p = Math.imul(p, BASE)
  return p
})()
/** A bit per hash bucket (2^20 of them) answers most positions without touching the map. */
const FILTER_BITS = 20

let LOWER: Uint16Array | undefined
/**
 * A UTF-16 unit in lower case, when its lower case is one unit ('Š' → 'š', 'A' → 'a'); else itself
 * ('İ' lower-cases to two units): one unit for one, so a match maps back to the text's positions.
 */
function lowerUnit(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c
  if (!LOWER) {
    LOWER = new Uint16Array(0x10000)
    for (let u = 0; u < 0x10000; u++) {
      const l = u >= 0xd800 && u <= 0xdfff ? '' : String.fromCharCode(u).toLowerCase()
      LOWER[u] = l.length === 1 ? l.charCodeAt(0) : u
    }
  }
  return LOWER[c]!
}

const ASCII = /^[\x00-\x7f]*$/

/** A text case-folded unit by unit, as folded needles are compared (positions unchanged). */
export function foldCase(s: string): string {
  // ASCII (most needles: ids, base64, hex) lower-cases one unit for one
  if (ASCII.test(s)) return s.toLowerCase()
  return s.replace(CASED, (c) => {
    if (c.length === 1) return String.fromCharCode(lowerUnit(c.charCodeAt(0)))
    // a letter past U+FFFF (Deseret, Osage, Adlam…): lower-cased as a pair when its lower case is a pair too
    const l = c.toLowerCase()
    return l.length === 2 ? l : c
  })
}

/** Units that may have a lower case of their own: ASCII capitals, a surrogate pair (read as its code point) and everything else past ASCII. */
const CASED = /[\ud800-\udbff][\udc00-\udfff]|[A-Z\u0080-\uffff]/g

/** Space and '+' are one character, as in the canonical form (secret-forms.ts). */
const unit = (text: string, i: number): number => {
  const c = text.charCodeAt(i)
  return c === 32 ? 43 : c
}

/** The hash of KEY units of an already case-folded text. */
function hashAt(folded: string, from: number): number {
  let h = 0
  for (let j = 0; j < KEY; j++) h = (Math.imul(h, BASE) + unit(folded, from + j)) | 0
  return h
}

export type Hit = (start: number, end: number, replacement: string) => void

/**
 * Character comparisons a search may spend, shared across the searches of one text (its decoded
 * levels too). A target chooses its own session ids: thousands of long ids sharing a prefix, and
 * bodies of that letter, make every position compare with every id over its whole length (ids ×
 * bodies × length). A search that runs out stops and says so; the caller then keeps nothing of the text.
 */
export class WorkBudget {
  /** Comparisons made so far. */
  spent = 0
  constructor(readonly limit: number) {}
  get exhausted(): boolean {
    return this.spent > this.limit
  }
}

interface Needle {
  needle: string
  replacement: string
  /** Compared in any letter case (the needle is stored folded). */
  folded: boolean
  /** The order it was added in: of two needles matching the same units, the first one's replacement is kept. */
  rank: number
}

/**
 * A bucket's needles sorted (exact ones, then folded ones), each with the length of the prefix it
 * shares with the one before it: a position compares its text once against a shared prefix, not
 * once per needle (ids that share a long start, as JWTs share their header).
 */
interface Bucket {
  needles: Needle[]
  shared: number[] | undefined
}

function sortBucket(b: Bucket): number[] {
  b.needles.sort((x, y) => Number(x.folded) - Number(y.folded) || (x.needle < y.needle ? -1 : x.needle > y.needle ? 1 : 0))
  const shared = b.needles.map((n, k) => {
    const prev = b.needles[k - 1]
    if (!prev || prev.folded !== n.folded) return -1
    let j = 0
    while (j < prev.needle.length && j < n.needle.length && prev.needle.charCodeAt(j) === n.needle.charCodeAt(j)) j++
    return j
  })
  b.shared = shared
  return shared
}

export class NeedleIndex {
  private readonly buckets = new Map<number, Bucket>()
  private readonly filter = new Uint32Array(1 << (FILTER_BITS - 5))
  private readonly short: Needle[] = []
  private readonly seen = new Set<string>()
  private readonly seenFolded = new Set<string>()
  /** The longest needle filed, in units: no part of a needle cut short is longer (cut-window.ts). */
  longest = 0

  /**
   * Files a needle (space-folded already); the first replacement given for a needle wins. A folded
   * needle matches the text in any letter case.
   */
  add(needle: string, replacement: string, opts: { folded?: boolean } = {}): void {
    const folded = opts.folded === true
    const stored = folded ? foldCase(needle) : needle
    const seen = folded ? this.seenFolded : this.seen
    if (!needle || seen.has(stored)) return
    seen.add(stored)
    this.headsCache = undefined
    this.longest = Math.max(this.longest, stored.length)
    const entry = { needle: stored, replacement, folded, rank: this.seen.size + this.seenFolded.size }
    if (stored.length < KEY) {
      this.short.push(entry)
      return
    }
    const h = hashAt(folded ? stored : foldCase(stored), 0)
    const bit = h >>> (32 - FILTER_BITS)
    this.filter[bit >>> 5]! |= 1 << (bit & 31)
    const bucket = this.buckets.get(h)
    if (bucket) {
      bucket.needles.push(entry)
      bucket.shared = undefined
    } else this.buckets.set(h, { needles: [entry], shared: undefined })
  }

  /**
   * Where the longest run of `text` ending at `end` that some needle starts with begins (`end` when
   * none does): a needle cut at `end` leaves that run, and no shorter window holds all of it
   * (cut-window.ts). Looked for no further back than `from`, nor than the longest needle. Compared as
   * search() compares (space read as '+', a folded needle in any case); `lowerCase` as search()'s.
   * Returns -1 when the budget ran out.
   */
  prefixStart(text: string, from: number, end: number, budget?: WorkBudget, opts: { lowerCase?: boolean } = {}): number {
    const lo = Math.max(0, from, end - this.longest)
    if (lo >= end) return end
    const slice = text.slice(lo, end)
    const lower = opts.lowerCase === true ? slice : foldCase(slice)
    const n = slice.length
    // runs of KEY units or more: a needle that starts with one is filed under the hash of its first KEY
    if (n >= KEY && this.buckets.size > 0) {
      let h = hashAt(lower, 0)
      for (let i = 0; i + KEY <= n; i++) {
        if (i > 0) h = (Math.imul((h - Math.imul(unit(lower, i - 1), TOP)) | 0, BASE) + unit(lower, i + KEY - 1)) | 0
        const bit = h >>> (32 - FILTER_BITS)
        if (!((this.filter[bit >>> 5]! >>> (bit & 31)) & 1)) continue
        const bucket = this.buckets.get(h)
        if (!bucket) continue
        const shared = bucket.shared ?? sortBucket(bucket)
        let agreed = 0
        for (let k = 0; k < bucket.needles.length; k++) {
          const nd = bucket.needles[k]!
          const s = shared[k]!
          let work = 1
          if (s >= 0 && s < agreed) agreed = s
          else if (s < 0 || s === agreed) {
            const start = s < 0 ? 0 : agreed
            agreed = agreedAt(nd.folded ? lower : slice, i, nd.needle, start)
            work += agreed - start
          }
          if (budget && (budget.spent += work) > budget.limit) return -1
          // the text agreed with this needle up to the cut
          if (agreed === n - i) return lo + i
        }
      }
    }
    // shorter runs: the needles' first units, sorted
    const { exact, folded } = this.heads()
    for (let i = Math.max(0, n - KEY + 1); i < n; i++) {
      if (budget) budget.spent++
      if (startsSome(exact, slice.slice(i).replace(/ /g, '+')) || startsSome(folded, lower.slice(i).replace(/ /g, '+'))) return lo + i
    }
    return end
  }

  private headsCache: { exact: string[]; folded: string[] } | undefined

  /** The first KEY - 1 units of every needle, sorted, exact and folded apart (built once a cut asks). */
  private heads(): { exact: string[]; folded: string[] } {
    if (this.headsCache) return this.headsCache
    const of = (set: Set<string>): string[] => [...new Set([...set].map((s) => s.slice(0, KEY - 1)))].sort()
    this.headsCache = { exact: of(this.seen), folded: of(this.seenFolded) }
    return this.headsCache
  }

  get size(): number {
    return this.seen.size + this.seenFolded.size
  }

  /**
   * Calls `hit` for every occurrence of every needle in `text` (space read as '+'). With a budget,
   * stops once it is spent and returns false: some occurrences may then be missed.
   */
  search(text: string, hit: Hit, budget?: WorkBudget, opts: { lowerCase?: boolean } = {}): boolean {
    // one case-folded copy of the text (a native lower-casing for ASCII): the hash runs over it;
    // `lowerCase`: the caller's text is folded already (skeleton.ts), and folding it again would cost as much as the search
    const lower = opts.lowerCase === true ? text : foldCase(text)
    if (this.short.length) {
      const spaced = text.includes(' ') ? text.replace(/ /g, '+') : text
      let spacedLower: string | undefined
      for (const { needle, replacement, folded } of this.short) {
        const hay = folded ? (spacedLower ??= lower.replace(/ /g, '+')) : spaced
        for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) hit(at, at + needle.length, replacement)
      }
    }
    if (text.length < KEY || this.buckets.size === 0) return true
    let h = hashAt(lower, 0)
    for (let i = 0; ; i++) {
      const bit = h >>> (32 - FILTER_BITS)
      if ((this.filter[bit >>> 5]! >>> (bit & 31)) & 1) {
        const bucket = this.buckets.get(h)
        if (bucket) {
          const shared = bucket.shared ?? sortBucket(bucket)
          let found: Needle[] | undefined
          // how far the text agreed with the needle before (it then differed, or that needle ended)
          let agreed = 0
          for (let k = 0; k < bucket.needles.length; k++) {
            const n = bucket.needles[k]!
            const s = shared[k]!
            let work = 1
            // a needle that leaves the one before within the agreed units differs from the text there; one that
            // leaves it after differs where that one did; only one sharing exactly the agreed units compares on
            if (s >= 0 && s < agreed) agreed = s
            else if (s < 0 || s === agreed) {
              const from = s < 0 ? 0 : agreed
              agreed = agreedAt(n.folded ? lower : text, i, n.needle, from)
              work += agreed - from
            }
            if (agreed === n.needle.length) (found ??= []).push(n)
            if (budget && (budget.spent += work) > budget.limit) return false
          }
          if (found) for (const n of found.sort((a, b) => a.rank - b.rank)) hit(i, i + n.needle.length, n.replacement)
        }
      }
      if (i + KEY >= text.length) break
      h = (Math.imul((h - Math.imul(unit(lower, i), TOP)) | 0, BASE) + unit(lower, i + KEY)) | 0
    }
    return true
  }
}

/** How many units of `needle` the text at `at` agrees with (its length when it is there whole), `from` of them known already. */
function agreedAt(text: string, at: number, needle: string, from: number): number {
  let j = from
  while (j < needle.length && at + j < text.length && unit(text, at + j) === needle.charCodeAt(j)) j++
  return j
}

/** Whether some string of `sorted` starts with `q`: the first one not below `q` does, if any does. */
function startsSome(sorted: string[], q: string): boolean {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! < q) lo = mid + 1
    else hi = mid
  }
  return lo < sorted.length && sorted[lo]!.startsWith(q)
}
