import * as crypto from 'node:crypto'
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** Bytes of CSPRNG output per token: 256 bits, far beyond guessing. */
export const TOKEN_BYTES = 32
/** 32 bytes in unpadded base64url. */
export const TOKEN_LENGTH = 43

// 43 base64url characters carry 258 bits for 256, so the last one must leave its 2 low bits zero:
// its alphabet index is a multiple of 4. One regex checks shape and canonical form without decoding.
const canonicalToken = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/

/** A fresh session token for the cookie. Only its hash is ever stored. */
export function generateToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url')
}

/**
 * Whether a client-supplied value could be a token this library issued: exactly 43 base64url
 * characters in canonical form (the last character carries 2 padding bits that must be zero).
 * Anything else is never looked up, let alone adopted.
 */
export function isWellFormedToken(value: unknown): value is string {
  return typeof value === 'string' && canonicalToken.test(value)
}

/** The store key for a token: SHA-256, base64url. Read access to the table yields no usable token. */
export const hashToken: (token: string) => string =
  // One-shot hashing (Node >= 20.12) costs a third of a Hash object per request.
  typeof crypto.hash === 'function' ? (token) => crypto.hash('sha256', token, 'base64url') : (token) => createHash('sha256').update(token, 'utf8').digest('base64url')

// Keys and tokens are short: they are written into one preallocated buffer rather than two new ones per
// comparison (this runs on every authenticated request). UTF-16 code units, not UTF-8, so the bytes are
// exactly the string (UTF-8 would turn every lone surrogate into the same replacement character).
// Synchronous, so the buffer is never shared between two comparisons.
const SCRATCH_CHARS = 64
const SIDE = SCRATCH_CHARS * 2
const scratch = Buffer.allocUnsafeSlow(SIDE * 2)
const views: Array<[Uint8Array, Uint8Array]> = []

/**
 * Constant-time equality for keys and tokens (node's timingSafeEqual), so a comparison never leaks how
 * many characters matched. Only the length, which is public for tokens and hashes, affects the time.
 */
export function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  if (a.length > SCRATCH_CHARS) return timingSafeEqual(Buffer.from(a, 'utf16le'), Buffer.from(b, 'utf16le'))
  const n = scratch.write(a, 0, SIDE, 'utf16le')
  scratch.write(b, SIDE, SIDE, 'utf16le')
  const pair = (views[n] ??= [new Uint8Array(scratch.buffer, scratch.byteOffset, n), new Uint8Array(scratch.buffer, scratch.byteOffset + SIDE, n)])
  return timingSafeEqual(pair[0], pair[1])
}
