import { randomBytes } from 'node:crypto'

/** A 256-bit server-generated session id. */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url')
}

export function newCsrfToken(): string {
  return randomBytes(16).toString('hex')
}
