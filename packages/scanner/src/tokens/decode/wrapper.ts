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
const CONNECT = /^s:([^.]+)\.([A-Za-z0-9+/_=-]{20,})$/
const SIG = /^[A-Za-z0-9+/_=-]{16,}$/

export function urlDecode(token: string): string {
  if (!PCT.test(token)) return token
  try {
    return decodeURIComponent(token)
  } catch {
    return token
  }
}

/** Applies the same unwrapping chosen for the sample to one fresh token (to check a prediction). */
export function unwrapOne(token: string, kind: WrapperKind, urlEncoded: boolean, partIndex?: number[]): string {
  const t = urlEncoded ? urlDecode(token.trim()) : token.trim()
  if (kind === 'connect-signed') return CONNECT.exec(t)?.[1] ?? t
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
  const urlEncoded = tokens.some((t) => PCT.test(t))
  const plain = urlEncoded ? tokens.map(urlDecode) : tokens
  if (plain.length > 0 && plain.every((t) => CONNECT.test(t))) {
    return {
      kind: 'connect-signed',
      urlEncoded,
      varyingPart: 'the id inside the signed connect cookie (s:<id>.<signature>); the HMAC signature is derived from it',
      cores: plain.map((t) => CONNECT.exec(t)![1]!),
    }
  }
  const dotted = dotSigned(plain)
  if (dotted) return { ...dotted, urlEncoded }
  return { kind: 'none', urlEncoded, varyingPart: 'the whole token', cores: plain }
}

function dotSigned(tokens: string[]): Omit<UnwrapResult, 'urlEncoded'> | undefined {
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
    return { kind: 'dot-signed', varyingPart: 'the signature (the payload is the same in every token)', cores: split.map((p) => p[last]!), partIndex: [last] }
  }
  const names = varying.map((i) => `part ${i + 1} of ${parts}`).join(', ')
  return {
    kind: 'dot-signed',
    varyingPart: `the payload (${names}) of <payload>.<signature>; the signature is derived from it`,
    cores: split.map((p) => varying.map((i) => p[i]!).join('.')),
    partIndex: varying,
  }
}
