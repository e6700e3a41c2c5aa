// Which alphabet the varying part is written in, and how to turn it into bits and numbers. The
// smallest standard alphabet that covers every character seen wins: a decimal sample is not called
// hex, a hex sample is not called base64.

export type EncodingName =
  'decimal' | 'hex' | 'base32hex' | 'base32' | 'crockford32' | 'base36' | 'base62' | 'base64url' | 'base64' | 'text'

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

/**
 * `padded`: the tokens end in base64 '=' padding, which settles base64 over the smaller alphabets.
 * `asciiBytes`: every character of the values as one byte, when all of them are ASCII (scanned faster).
 */
export function detectEncoding(values: string[], padded = false, asciiBytes?: Uint8Array): Encoding {
  const ascii = new Uint8Array(128)
  const seen = new Set<string>()
  if (asciiBytes) {
    for (let i = 0; i < asciiBytes.length; i++) ascii[asciiBytes[i]! & 127] = 1
  } else {
    for (const v of values) {
      for (let i = 0; i < v.length; i++) {
        const code = v.charCodeAt(i)
        if (code < 128) ascii[code] = 1
        else seen.add(String.fromCodePoint(v.codePointAt(i)!))
      }
    }
  }
  for (let c = 0; c < 128; c++) if (ascii[c]) seen.add(String.fromCharCode(c))
  const order = padded ? [...CANDIDATES.filter(([n]) => n === 'base64' || n === 'base64url'), ...CANDIDATES] : CANDIDATES
  for (const [name, alphabet] of order) {
    let ok = true
    for (const c of seen)
      if (!alphabet.includes(c)) {
        ok = false
        break
      }
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

/** Bits one value contributes (see packValue): computable from its length, so buffers are sized up front. */
export function valueBitCount(length: number, enc: Encoding): number {
  if (enc.wholeBits) return length * enc.bitsPerChar
  const total = Math.floor(length * enc.bitsPerChar)
  const keep = total - 10
  if (keep >= 8) return keep
  return total > 0 ? total : 0
}

/** The digit of the ASCII character at `i` (0 outside the alphabet, as packValue reads it). */
function digitAt(codes: Int16Array, bytes: Uint8Array, i: number): number {
  const d = codes[bytes[i]! & 127]!
  return d < 0 ? 0 : d
}

/**
 * packValue for a whole-bit alphabet over a value given as ASCII bytes (`length` of them from `start`):
 * the same bits, without reading the string a character at a time.
 */
export function packAscii(
  bytes: Uint8Array,
  start: number,
  length: number,
  enc: Encoding,
  codes: Int16Array,
  out: Uint8Array,
  at: number,
): number {
  const w = enc.bitsPerChar
  let pos = at
  let acc = 0
  let filled = 0
  const end = start + length
  let i = start
  // whole groups first, where characters and bytes line up: 2 hex digits = 1 byte, 4 base64 = 3
  if (w === 4) {
    for (; i + 1 < end; i += 2) out[pos++] = (digitAt(codes, bytes, i) << 4) | digitAt(codes, bytes, i + 1)
  } else if (w === 6) {
    for (; i + 3 < end; i += 4) {
      const v =
        (digitAt(codes, bytes, i) << 18) |
        (digitAt(codes, bytes, i + 1) << 12) |
        (digitAt(codes, bytes, i + 2) << 6) |
        digitAt(codes, bytes, i + 3)
      out[pos] = v >>> 16
      out[pos + 1] = (v >>> 8) & 0xff
      out[pos + 2] = v & 0xff
      pos += 3
    }
  }
  for (; i < end; i++) {
    const d = codes[bytes[i]! & 127]!
    acc = (acc << w) | (d < 0 ? 0 : d)
    filled += w
    while (filled >= 8) {
      filled -= 8
      out[pos++] = (acc >>> filled) & 0xff
    }
    acc &= (1 << filled) - 1
  }
  if (filled > 0) out[pos] = (acc << (8 - filled)) & 0xff
  return length * w
}

/**
 * Writes the statistically usable bits of one value into `out` from byte `at`, packed MSB first, and
 * returns how many. Whole-bit alphabets give every character's bits. Others go through the number the
 * string denotes: its low bits are close to uniform when the string is, so we keep all but the top 10
 * bits, which carry the bias of a range that is not a power of two. The last byte is zero-padded.
 */
export function packValue(
  value: string,
  enc: Encoding,
  codes: Int16Array,
  table: Map<string, number>,
  out: Uint8Array,
  at: number,
): number {
  const count = valueBitCount(value.length, enc)
  if (count === 0) return 0
  let pos = at
  let acc = 0
  let filled = 0
  if (enc.wholeBits) {
    const w = enc.bitsPerChar
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i)
      const d = code < 128 ? Math.max(0, codes[code]!) : (table.get(value[i]!) ?? 0)
      acc = (acc << w) | d
      filled += w
      while (filled >= 8) {
        filled -= 8
        out[pos++] = (acc >>> filled) & 0xff
      }
      // keep only the bits not yet written, so the accumulator never overflows
      acc &= (1 << filled) - 1
    }
  } else {
    const bits = (toBigInt(value, enc, table) & ((1n << BigInt(count)) - 1n)).toString(2).padStart(count, '0')
    for (let i = 0; i < count; i++) {
      acc = (acc << 1) | (bits.charCodeAt(i) - 48)
      if (++filled === 8) {
        out[pos++] = acc
        acc = 0
        filled = 0
      }
    }
  }
  if (filled > 0) out[pos] = (acc << (8 - filled)) & 0xff
  return count
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
