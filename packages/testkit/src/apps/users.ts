import { timingSafeEqual } from 'node:crypto'

// The two accounts every target app knows. The check pages greet the user by name, so "alice" is the
// marker a scan config looks for.
export const ALICE = { name: 'alice', username: 'alice', password: 'alice-password-1' } as const
export const BOB = { name: 'bob', username: 'bob', password: 'bob-password-2' } as const
export const ACCOUNTS = [ALICE, BOB].map((a) => ({ ...a }))

const passwords = new Map<string, string>([
  [ALICE.username, ALICE.password],
  [BOB.username, BOB.password],
])

/** The user name when the credentials are right, otherwise undefined. */
export function checkCredentials(username: unknown, password: unknown): string | undefined {
  if (typeof username !== 'string' || typeof password !== 'string') return undefined
  const expected = passwords.get(username)
  if (expected === undefined) return undefined
  const a = Buffer.from(expected)
  const b = Buffer.from(password)
  return a.length === b.length && timingSafeEqual(a, b) ? username : undefined
}
