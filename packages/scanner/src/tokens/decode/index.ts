import { commonAffixes } from './affix.js'
import {
  codeTable,
  detectEncoding,
  digitTable,
  inAlphabet,
  makeEncoding,
  packAscii,
  packValue,
  valueBitCount,
  type Encoding,
} from './alphabet.js'
import { unwrap, type WrapperKind } from './wrapper.js'

export { unwrapOne, urlDecode, type WrapperKind } from './wrapper.js'
export * from './alphabet.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Everything later stages need to know about how the sample is written. */
export interface Decoded {
  wrapper: WrapperKind
  urlEncoded: boolean
  varyingPart: string
  /** For dot-signed wrappers: which dot-separated parts are analysed. */
  partIndex?: number[]
  /** The tokens after unwrapping. */
  cores: string[]
  uuid: boolean
  prefix: string
  suffix: string
  /** The part of each core between the fixed prefix and suffix (for UUIDs: the 32 hex digits). */
  varying: string[]
  encoding: Encoding
  table: Map<string, number>
  /**
   * Per token, its bits packed MSB first into `packed` from byte `byteOffsets[t]`, `bitCounts[t]` of
   * them, the last byte zero-padded. Packed, the statistics read a byte (8 positions) at a time.
   */
  packed: Uint8Array
  byteOffsets: Uint32Array
  bitCounts: Uint32Array
  /** The longest token's bit count. */
  maxBits: number
  /** The varying parts joined, one byte per character, when every character is ASCII. */
  asciiBytes?: Uint8Array
  /** Numbers for the structure detectors: the whole core when it is written in the alphabet, else the varying part. */
  numeric: { values: string[]; whole: boolean; prefix: string; suffix: string; width: number | undefined }
}

function stripPadding(s: string): string {
  return s.endsWith('=') ? s.replace(/=+$/, '') : s
}

/** The last character is base64 padding after a base64 character. */
function endsInPadding(c: string): boolean {
  return c.length >= 2 && c.charCodeAt(c.length - 1) === 61 && /[A-Za-z0-9+/_-]/.test(c[c.length - 2]!)
}

/** Every token's bits, packed as packValue writes them, at `byteOffsets`. */
function packSample(
  varying: string[],
  joined: string,
  asciiBytes: Uint8Array | undefined,
  encoding: Encoding,
  codes: Int16Array,
  table: Map<string, number>,
  byteOffsets: Uint32Array,
  totalBytes: number,
  sameLength: boolean,
): Uint8Array {
  const n = varying.length
  const length = n > 0 ? varying[0]!.length : 0
  // Tokens of one length that fill whole bytes in hex or base64 (4 characters = 3 bytes): Node's own
  // decoder over the joined sample gives exactly the packed rows, one after the other.
  const native = encoding.name === 'hex' ? 'hex' : encoding.name === 'base64' || encoding.name === 'base64url' ? 'base64' : undefined
  if (native && sameLength && length > 0 && (length * encoding.bitsPerChar) % 8 === 0 && (native === 'hex' || length % 4 === 0)) {
    const buf = Buffer.from(joined, native)
    if (buf.length === totalBytes) return new Uint8Array(buf.buffer, buf.byteOffset, buf.length)
  }
  const packed = new Uint8Array(totalBytes)
  if (asciiBytes && encoding.wholeBits) {
    let start = 0
    for (let i = 0; i < n; i++) {
      const len = varying[i]!.length
      packAscii(asciiBytes, start, len, encoding, codes, packed, byteOffsets[i]!)
      start += len
    }
    return packed
  }
  for (let i = 0; i < n; i++) packValue(varying[i]!, encoding, codes, table, packed, byteOffsets[i]!)
  return packed
}

export function decodeSample(tokens: string[]): Decoded {
  const unwrapped = unwrap(tokens.map((t) => t.trim()))
  const cores = unwrapped.cores
  const uuid = cores.length > 0 && cores.every((c) => UUID.test(c))
  let prefix = ''
  let suffix = ''
  let varying: string[]
  if (uuid) varying = cores.map((c) => c.replace(/-/g, '').toLowerCase())
  else {
    ;({ prefix, suffix } = commonAffixes(cores))
    varying = cores.map((c) => stripPadding(c.slice(prefix.length, c.length - suffix.length)))
  }
  // The whole sample as one string, and as bytes when it is all ASCII (it nearly always is): native
  // code then does the per-character work that dominates decoding.
  const joined = varying.join('')
  const asciiBytes = Buffer.byteLength(joined, 'utf8') === joined.length ? Buffer.from(joined, 'latin1') : undefined
  const encoding = uuid ? makeEncoding('hex', '0123456789abcdef') : detectEncoding(varying, cores.some(endsInPadding), asciiBytes)
  const table = digitTable(encoding)
  const codes = codeTable(encoding)

  const n = varying.length
  const byteOffsets = new Uint32Array(n)
  const bitCounts = new Uint32Array(n)
  let totalBytes = 0
  let maxBits = 0
  let sameLength = true
  for (let i = 0; i < n; i++) {
    const count = valueBitCount(varying[i]!.length, encoding)
    byteOffsets[i] = totalBytes
    bitCounts[i] = count
    totalBytes += (count + 7) >>> 3
    if (count > maxBits) maxBits = count
    if (varying[i]!.length !== varying[0]!.length) sameLength = false
  }
  const packed = packSample(varying, joined, asciiBytes, encoding, codes, table, byteOffsets, totalBytes, sameLength)

  // Every varying part is written in the alphabet by construction (the encoding was chosen to cover
  // them), so with no fixed prefix or suffix the whole core is too, and nothing needs re-checking.
  let wholeCore: boolean
  let source: string[]
  if (uuid) {
    wholeCore = false
    source = varying
  } else if (prefix === '' && suffix === '') {
    // here each core without its padding is its varying part
    wholeCore = varying.every((v) => v.length > 0)
    source = varying
  } else {
    const unpadded = cores.map(stripPadding)
    wholeCore = unpadded.every((c) => inAlphabet(c, table, codes))
    source = wholeCore ? unpadded : varying
  }
  let minLen = Infinity
  let maxLen = -1
  for (const s of source) {
    if (s.length < minLen) minLen = s.length
    if (s.length > maxLen) maxLen = s.length
  }
  const numeric = {
    values: source,
    whole: wholeCore,
    prefix: wholeCore || uuid ? '' : prefix,
    // padding is put back on predictions when the sample had it
    suffix: uuid ? '' : wholeCore ? (/=+$/.exec(cores[0] ?? '')?.[0] ?? '') : suffix,
    width: source.length > 0 && minLen === maxLen ? maxLen : undefined,
  }

  const result: Decoded = {
    wrapper: unwrapped.kind,
    urlEncoded: unwrapped.urlEncoded,
    varyingPart: uuid ? `${unwrapped.varyingPart} (a UUID: its 32 hex digits)` : unwrapped.varyingPart,
    cores,
    uuid,
    prefix,
    suffix,
    varying,
    encoding,
    table,
    packed,
    byteOffsets,
    bitCounts,
    maxBits,
    numeric,
  }
  if (unwrapped.partIndex) result.partIndex = unwrapped.partIndex
  if (asciiBytes) result.asciiBytes = asciiBytes
  return result
}
