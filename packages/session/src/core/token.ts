import * as crypto from 'node:crypto'
import { createHash, randomBytes } from 'node:crypto'

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
  typeof crypto.hash === 'function'
    ? (token) => crypto.hash('sha256', token, 'base64url')
    : (token) => createHash('sha256').update(token, 'utf8').digest('base64url')

/**
 * Constant-time equality for keys and tokens: every code unit is compared, whatever matched before,
 * so the time says nothing about how many characters agreed. Only the length, which is public for
 * tokens and hashes, affects it. Plain arithmetic over the UTF-16 code units: no buffers, no call into
 * native code, and the accumulator leaves the JIT no early exit to introduce.
 */
export function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
