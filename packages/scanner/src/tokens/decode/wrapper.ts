// Session cookies often wrap the identifier: URL-encoding, connect's signed `s:<id>.<sig>`, or a
// generic `<payload>.<sig>`. The signature is derived from the id (an HMAC), so guessing it is never
// the attack; what matters is the part the server chose, which is what we unwrap to.

export type WrapperKind = 'none' | 'connect-signed' | 'dot-signed'

export interface Unwrapped {
  kind: WrapperKind
  urlEncoded: boolean
  /** Which part of the token is analysed, in words. */
  varyingPart: string
  cores: string[]
}

const PCT = /%[0-9A-Fa-f]{2}/
const SIG = /^[A-Za-z0-9+/_=-]{16,}$/
/** The characters of a signature: base64 or base64url, padding included. */
const SIG_CHARS = new Uint8Array(128)
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_=-') SIG_CHARS[c.charCodeAt(0)] = 1

function hasPercentEscape(token: string): boolean {
  return token.includes('%') && PCT.test(token)
}

/**
 * The id inside connect's `s:<id>.<sig>` (id without dots, signature of 20+ base64/base64url
 * characters), or undefined. Written out rather than as a regular expression: it runs on every token.
 */
function connectId(t: string): string | undefined {
  if (t.charCodeAt(0) !== 115 || t.charCodeAt(1) !== 58) return undefined // "s:"
  return idBeforeSignature(t, 2)
}

/** The `<id>` of `<id>.<sig>` starting at `from`, when the signature has the shape connect gives it. */
function idBeforeSignature(t: string, from: number): string | undefined {
  const dot = t.indexOf('.', from)
  if (dot <= from || t.length - dot - 1 < 20) return undefined
  for (let i = dot + 1; i < t.length; i++) {
    const c = t.charCodeAt(i)
    if (c >= 128 || SIG_CHARS[c] === 0) return undefined
  }
  return t.slice(from, dot)
}

/**
 * connect's id in a token as the cookie carries it. The usual cookie's only escape is the ':' of
 * `s%3A`: the id is then read from the token as it is, without decoding (and copying) the whole of it.
 */
function connectIdOf(token: string, urlEncoded: boolean): string | undefined {
  if (!urlEncoded) return connectId(token)
  if (token.startsWith('s%3') && (token.charCodeAt(3) === 65 || token.charCodeAt(3) === 97) && token.indexOf('%', 4) < 0)
    return idBeforeSignature(token, 4)
  return connectId(urlDecode(token))
}

const HEX_DIGIT = new Int8Array(128).fill(-1)
for (let i = 0; i < 16; i++) {
  HEX_DIGIT['0123456789abcdef'.charCodeAt(i)] = i
  HEX_DIGIT['0123456789ABCDEF'.charCodeAt(i)] = i
}

/** Like decodeURIComponent (and the token unchanged when that throws), with ASCII-only escapes done inline. */
export function urlDecode(token: string): string {
  if (!hasPercentEscape(token)) return token
  // a cookie value carries one or two ASCII escapes (s%3A…); decodeURIComponent costs more than the
  // rest of the unwrapping, so it is left to escapes of multi-byte characters and malformed ones
  let out = ''
  let from = 0
  for (let at = token.indexOf('%'); at >= 0; at = token.indexOf('%', from)) {
    const hi = at + 2 < token.length ? token.charCodeAt(at + 1) : 128
    const lo = at + 2 < token.length ? token.charCodeAt(at + 2) : 128
    const h = hi < 128 ? HEX_DIGIT[hi]! : -1
    const l = lo < 128 ? HEX_DIGIT[lo]! : -1
    if (h < 0 || l < 0 || h >= 8) {
      try {
        return decodeURIComponent(token)
      } catch {
        return token
      }
    }
    out += token.slice(from, at) + String.fromCharCode(h * 16 + l)
    from = at + 3
  }
  return out + token.slice(from)
}

/** Applies the same unwrapping chosen for the sample to one fresh token (to check a prediction). */
export function unwrapOne(token: string, kind: WrapperKind, urlEncoded: boolean, partIndex?: number[]): string {
  const t = urlEncoded ? urlDecode(token.trim()) : token.trim()
  if (kind === 'connect-signed') return connectId(t) ?? t
  if (kind === 'dot-signed' && partIndex) {
    const parts = t.split('.')
    return partIndex.map((i) => parts[i] ?? '').join('.')
  }
  return t
}

export interface UnwrapResult extends Unwrapped {
  partIndex?: number[]
}

export function unwrap(tokens: string[]): UnwrapResult {
  const urlEncoded = tokens.some(hasPercentEscape)
  const ids: string[] = []
  for (const t of tokens) {
    const id = connectIdOf(t, urlEncoded)
    if (id === undefined) break
    ids.push(id)
  }
  if (tokens.length > 0 && ids.length === tokens.length) {
    return {
      kind: 'connect-signed',
      urlEncoded,
      varyingPart: 'the id inside the signed connect cookie (s:<id>.<signature>); the HMAC signature is derived from it',
      cores: ids,
    }
  }
  const plain = urlEncoded ? tokens.map(urlDecode) : tokens
  const dotted = dotSigned(plain)
  if (dotted) return { ...dotted, urlEncoded }
  return { kind: 'none', urlEncoded, varyingPart: 'the whole token', cores: plain }
}

function dotSigned(tokens: string[]): Omit<UnwrapResult, 'urlEncoded'> | undefined {
  // most samples have no dot at all: settle that before splitting every token
  if (tokens.length === 0 || !tokens[0]!.includes('.')) return undefined
  const split = tokens.map((t) => t.split('.'))
  const parts = split[0]?.length ?? 0
  if (parts < 2 || parts > 5 || !split.every((p) => p.length === parts)) return undefined
  const last = parts - 1
  const sigLen = split[0]![last]!.length
  if (!split.every((p) => SIG.test(p[last]!) && p[last]!.length === sigLen)) return undefined
  if (split.some((p) => p.some((x) => x.length === 0))) return undefined
  const varying: number[] = []
  for (let i = 0; i < last; i++) if (new Set(split.map((p) => p[i])).size > 1) varying.push(i)
  if (varying.length === 0) {
    return {
      kind: 'dot-signed',
      varyingPart: 'the signature (the payload is the same in every token)',
      cores: split.map((p) => p[last]!),
      partIndex: [last],
    }
  }
  const names = varying.map((i) => `part ${i + 1} of ${parts}`).join(', ')
  return {
    kind: 'dot-signed',
    varyingPart: `the payload (${names}) of <payload>.<signature>; the signature is derived from it`,
    cores: split.map((p) => varying.map((i) => p[i]!).join('.')),
    partIndex: varying,
  }
}
