import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** Bytes of CSPRNG output per token: 256 bits, far beyond guessing. */
export const TOKEN_BYTES = 32
/** 32 bytes in unpadded base64url. */
export const TOKEN_LENGTH = 43

const tokenShape = /^[A-Za-z0-9_-]{43}$/

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
  if (typeof value !== 'string' || !tokenShape.test(value)) return false
  return Buffer.from(value, 'base64url').toString('base64url') === value
}

/** The store key for a token: SHA-256, base64url. Read access to the table yields no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url')
}

/** Constant-time equality for keys and tokens, so a comparison never leaks how many characters matched. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  if (left.length !== right.length) {
    // Still spend the comparison so the length mismatch costs the same as a content mismatch.
    timingSafeEqual(left, left)
    return false
  }
  return timingSafeEqual(left, right)
}
