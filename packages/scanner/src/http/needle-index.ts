// Finding thousands of needles in a text in one pass. A scan knows from a handful of secrets to
// thousands (every sampled session id), each in some eighty forms; searching the text once per form
// costs needles × text. Instead every needle is filed under a hash of its first KEY characters, and
// the text is walked once with a rolling hash of the same width: a position is compared only with
// the needles filed under its hash. Needles shorter than KEY (short passwords) are few and searched
// one by one.

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

/** Space and '+' are one character, as in the canonical form (secret-forms.ts). */
const unit = (text: string, i: number): number => {
  const c = text.charCodeAt(i)
  return c === 32 ? 43 : c
}

function hashAt(s: string, from: number): number {
  let h = 0
  for (let j = 0; j < KEY; j++) h = (Math.imul(h, BASE) + unit(s, from + j)) | 0
  return h
}

export type Hit = (start: number, end: number, replacement: string) => void

export class NeedleIndex {
  private readonly buckets = new Map<number, Array<[needle: string, replacement: string]>>()
  private readonly filter = new Uint32Array(1 << (FILTER_BITS - 5))
  private readonly short: Array<[needle: string, replacement: string]> = []
  private readonly seen = new Set<string>()

  /** Files a needle (space-folded already); the first replacement given for a needle wins. */
  add(needle: string, replacement: string): void {
    if (!needle || this.seen.has(needle)) return
    this.seen.add(needle)
    if (needle.length < KEY) {
      this.short.push([needle, replacement])
      return
    }
    const h = hashAt(needle, 0)
    const bit = h >>> (32 - FILTER_BITS)
    this.filter[bit >>> 5]! |= 1 << (bit & 31)
    const list = this.buckets.get(h)
    if (list) list.push([needle, replacement])
    else this.buckets.set(h, [[needle, replacement]])
  }

  get size(): number {
    return this.seen.size
  }

  /** Calls `hit` for every occurrence of every needle in `text` (space read as '+'). */
  search(text: string, hit: Hit): void {
    if (this.short.length) {
      const folded = text.includes(' ') ? text.replace(/ /g, '+') : text
      for (const [needle, replacement] of this.short)
        for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + 1)) hit(at, at + needle.length, replacement)
    }
    if (text.length < KEY || this.buckets.size === 0) return
    let h = hashAt(text, 0)
    for (let i = 0; ; i++) {
      const bit = h >>> (32 - FILTER_BITS)
      if ((this.filter[bit >>> 5]! >>> (bit & 31)) & 1) {
        const list = this.buckets.get(h)
        if (list) for (const [needle, replacement] of list) if (matchesAt(text, i, needle)) hit(i, i + needle.length, replacement)
      }
      if (i + KEY >= text.length) break
      h = (Math.imul((h - Math.imul(unit(text, i), TOP)) | 0, BASE) + unit(text, i + KEY)) | 0
    }
  }
}

function matchesAt(text: string, at: number, needle: string): boolean {
  if (at + needle.length > text.length) return false
  for (let j = 0; j < needle.length; j++) if (unit(text, at + j) !== needle.charCodeAt(j)) return false
  return true
}
