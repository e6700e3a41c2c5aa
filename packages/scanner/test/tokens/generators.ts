// Token generators whose truth is known, for the analysis tests.
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto'

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function base32(bytes: Buffer): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31]
  return out
}

export type RandomEncoding = 'hex' | 'base64' | 'base64url' | 'base32' | 'decimal'

export function randomToken(bits: number, encoding: RandomEncoding): string {
  const bytes = randomBytes(bits / 8)
  switch (encoding) {
    case 'hex':
      return bytes.toString('hex')
    case 'base64':
      return bytes.toString('base64')
    case 'base64url':
      return bytes.toString('base64url')
    case 'base32':
      return base32(bytes)
    case 'decimal':
      return BigInt('0x' + bytes.toString('hex')).toString(10)
  }
}

export const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i))

export const digest = (alg: 'md5' | 'sha1' | 'sha256', input: string): string => createHash(alg).update(input).digest('hex')

/** A UUIDv1 the way RFC 9562 lays it out: 60-bit time in 100 ns since 1582, clock sequence, node. */
export function uuidV1Generator(): { next: () => string; node: string; clockSeq: number } {
  const node = randomBytes(6).toString('hex')
  const clockSeq = randomInt(0, 0x4000)
  let last = 0n
  const next = (): string => {
    let t = BigInt(Date.now()) * 10_000n + 0x01b21dd213814000n
    if (t <= last) t = last + 1n
    last = t
    const h = (v: bigint, w: number): string => v.toString(16).padStart(w, '0')
    return `${h(t & 0xffffffffn, 8)}-${h((t >> 32n) & 0xffffn, 4)}-${h(((t >> 48n) & 0xfffn) | 0x1000n, 4)}-${((clockSeq & 0x3fff) | 0x8000).toString(16)}-${node}`
  }
  return { next, node, clockSeq }
}

export const uuidV4 = (): string => randomUUID()
