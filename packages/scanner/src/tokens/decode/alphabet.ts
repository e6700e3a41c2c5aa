// Which alphabet the varying part is written in, and how to turn it into bits and numbers. The
// smallest standard alphabet that covers every character seen wins: a decimal sample is not called
// hex, a hex sample is not called base64.

export type EncodingName =
  | 'decimal'
  | 'hex'
  | 'base32hex'
  | 'base32'
  | 'crockford32'
  | 'base36'
  | 'base62'
  | 'base64url'
  | 'base64'
  | 'text'

export interface Encoding {
  name: EncodingName
  /** Characters in value order: index = digit value. */
  alphabet: string
  /** log2(alphabet size): the most information one character can carry. */
  bitsPerChar: number
  /** Power-of-two alphabet: every character maps to whole bits (hex, base32, base64). */
  wholeBits: boolean
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const LOWER = UPPER.toLowerCase()
const DIGITS = '0123456789'

const CANDIDATES: Array<[EncodingName, string]> = [
  ['decimal', DIGITS],
  ['hex', DIGITS + 'abcdef'],
  ['hex', DIGITS + 'ABCDEF'],
  ['base32hex', DIGITS + LOWER.slice(0, 22)],
  ['base32hex', DIGITS + UPPER.slice(0, 22)],
  ['base32', UPPER + '234567'],
  ['base32', LOWER + '234567'],
  ['crockford32', DIGITS + 'ABCDEFGHJKMNPQRSTVWXYZ'],
  ['crockford32', DIGITS + 'abcdefghjkmnpqrstvwxyz'],
  ['base36', DIGITS + LOWER],
  ['base36', DIGITS + UPPER],
  ['base62', DIGITS + UPPER + LOWER],
  ['base64url', UPPER + LOWER + DIGITS + '-_'],
  ['base64', UPPER + LOWER + DIGITS + '+/'],
]

export function makeEncoding(name: EncodingName, alphabet: string): Encoding {
  const size = Math.max(alphabet.length, 1)
  const bits = Math.log2(size)
  return { name, alphabet, bitsPerChar: bits, wholeBits: Number.isInteger(bits) && size > 1 }
}

/** `padded`: the tokens end in base64 '=' padding, which settles base64 over the smaller alphabets. */
export function detectEncoding(values: string[], padded = false): Encoding {
  const ascii = new Uint8Array(128)
  const seen = new Set<string>()
  for (const v of values) {
    for (let i = 0; i < v.length; i++) {
      const code = v.charCodeAt(i)
      if (code < 128) ascii[code] = 1
      else seen.add(String.fromCodePoint(v.codePointAt(i)!))
    }
  }
  for (let c = 0; c < 128; c++) if (ascii[c]) seen.add(String.fromCharCode(c))
  const order = padded ? [...CANDIDATES.filter(([n]) => n === 'base64' || n === 'base64url'), ...CANDIDATES] : CANDIDATES
  for (const [name, alphabet] of order) {
    let ok = true
    for (const c of seen) if (!alphabet.includes(c)) { ok = false; break }
    if (ok) return makeEncoding(name, alphabet)
  }
  return makeEncoding('text', [...seen].sort().join(''))
}

export function digitTable(enc: Encoding): Map<string, number> {
  const m = new Map<string, number>()
  for (let i = 0; i < enc.alphabet.length; i++) m.set(enc.alphabet[i]!, i)
  return m
}

/** charCode → digit value (−1 outside the alphabet), for the hot loops. */
export function codeTable(enc: Encoding): Int16Array {
  const t = new Int16Array(128).fill(-1)
  for (let i = 0; i < enc.alphabet.length; i++) {
    const c = enc.alphabet.charCodeAt(i)
    if (c < 128) t[c] = i
  }
  return t
}

/** Writes the character bits of a whole-bit alphabet straight into `out` at `at`; returns the count. */
export function wholeBitsInto(value: string, enc: Encoding, codes: Int16Array, table: Map<string, number>, out: Uint8Array, at: number): number {
  const w = enc.bitsPerChar
  let pos = at
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    const d = code < 128 ? Math.max(0, codes[code]!) : (table.get(value[i]!) ?? 0)
    for (let b = w - 1; b >= 0; b--) out[pos++] = (d >> b) & 1
  }
  return pos - at
}

export function inAlphabet(value: string, table: Map<string, number>, codes?: Int16Array): boolean {
  if (value.length === 0) return false
  if (codes) {
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i)
      if (code >= 128 ? !table.has(value[i]!) : codes[code]! < 0) return false
    }
    return true
  }
  for (const c of value) if (!table.has(c)) return false
  return true
}

/** The value of a string read as a big-endian number in the encoding's alphabet. */
export function toBigInt(value: string, enc: Encoding, table: Map<string, number>): bigint {
  if (enc.name === 'decimal') return BigInt(value)
  if (enc.name === 'hex') return BigInt('0x' + value)
  const base = BigInt(enc.alphabet.length)
  let v = 0n
  for (const c of value) v = v * base + BigInt(table.get(c) ?? 0)
  return v
}

export function fromBigInt(v: bigint, enc: Encoding, width: number): string {
  let s = ''
  if (enc.name === 'decimal') s = v.toString(10)
  else if (enc.name === 'hex') s = enc.alphabet === DIGITS + 'abcdef' ? v.toString(16) : v.toString(16).toUpperCase()
  else {
    const base = BigInt(enc.alphabet.length)
    let x = v
    while (x > 0n) {
      s = enc.alphabet[Number(x % base)]! + s
      x /= base
    }
    if (s === '') s = enc.alphabet[0]!
  }
  return s.length < width ? enc.alphabet[0]!.repeat(width - s.length) + s : s
}

/**
 * Appends the statistically usable bits of one value to `out` (0/1 per entry) and returns how many.
 * Whole-bit alphabets give every character's bits. Others go through the number the string denotes:
 * its low bits are close to uniform when the string is, so we keep all but the top 10 bits, which
 * carry the bias of a range that is not a power of two.
 */
export function valueBits(value: string, enc: Encoding, table: Map<string, number>, out: number[]): number {
  if (enc.wholeBits) {
    const w = enc.bitsPerChar
    for (const c of value) {
      const d = table.get(c) ?? 0
      for (let b = w - 1; b >= 0; b--) out.push((d >> b) & 1)
    }
    return value.length * w
  }
  const total = Math.floor(value.length * enc.bitsPerChar)
  let keep = total - 10
  if (keep < 8) keep = total
  if (keep <= 0) return 0
  let v = toBigInt(value, enc, table)
  const bits: number[] = []
  for (let i = 0; i < keep; i++) {
    bits.push(Number(v & 1n))
    v >>= 1n
  }
  for (let i = bits.length - 1; i >= 0; i--) out.push(bits[i]!)
  return keep
}
