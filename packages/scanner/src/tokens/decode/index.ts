import { commonAffixes } from './affix.js'
import { codeTable, detectEncoding, digitTable, inAlphabet, makeEncoding, valueBits, wholeBitsInto, type Encoding } from './alphabet.js'
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
  /** Per token: offset into `bits` and count; bits are 0/1 bytes. */
  bitOffsets: Uint32Array
  bitCounts: Uint32Array
  bits: Uint8Array
  /** Numbers for the structure detectors: the whole core when it is written in the alphabet, else the varying part. */
  numeric: { values: string[]; whole: boolean; prefix: string; suffix: string; width: number | undefined }
}

function stripPadding(s: string): string {
  return s.endsWith('=') ? s.replace(/=+$/, '') : s
}

export function decodeSample(tokens: string[]): Decoded {
  const unwrapped = unwrap(tokens.map((t) => t.trim()))
  const cores = unwrapped.cores
  const uuid = cores.length > 0 && cores.every((c) => UUID.test(c))
  let prefix = ''
  let suffix = ''
  let varying: string[]
  let encoding: Encoding
  if (uuid) {
    varying = cores.map((c) => c.replace(/-/g, '').toLowerCase())
    encoding = makeEncoding('hex', '0123456789abcdef')
  } else {
    ;({ prefix, suffix } = commonAffixes(cores))
    varying = cores.map((c) => stripPadding(c.slice(prefix.length, c.length - suffix.length)))
    encoding = detectEncoding(varying, cores.some((c) => /[A-Za-z0-9+/_-]=$/.test(c)))
  }
  const table = digitTable(encoding)
  const codes = codeTable(encoding)

  const bitOffsets = new Uint32Array(varying.length)
  const bitCounts = new Uint32Array(varying.length)
  let bits: Uint8Array
  if (encoding.wholeBits) {
    let total = 0
    for (const v of varying) total += v.length * encoding.bitsPerChar
    bits = new Uint8Array(total)
    let at = 0
    for (let i = 0; i < varying.length; i++) {
      bitOffsets[i] = at
      bitCounts[i] = wholeBitsInto(varying[i]!, encoding, codes, table, bits, at)
      at += bitCounts[i]!
    }
  } else {
    const out: number[] = []
    for (let i = 0; i < varying.length; i++) {
      bitOffsets[i] = out.length
      bitCounts[i] = valueBits(varying[i]!, encoding, table, out)
    }
    bits = Uint8Array.from(out)
  }

  const unpadded = cores.map(stripPadding)
  const wholeCore = !uuid && unpadded.every((c) => inAlphabet(c, table, codes))
  const source = wholeCore ? unpadded : varying
  const lengths = new Set(source.map((s) => s.length))
  const numeric = {
    values: source,
    whole: wholeCore,
    prefix: wholeCore || uuid ? '' : prefix,
    // padding is put back on predictions when the sample had it
    suffix: uuid ? '' : wholeCore ? (/=+$/.exec(cores[0] ?? '')?.[0] ?? '') : suffix,
    width: lengths.size === 1 ? [...lengths][0] : undefined,
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
    bitOffsets,
    bitCounts,
    bits,
    numeric,
  }
  if (unwrapped.partIndex) result.partIndex = unwrapped.partIndex
  return result
}
