import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

// The history folder is 0700; a server on 127.0.0.1 is open to every local user. So the page and
// its API ask for a token generated at start and printed in the URL (as notebook servers do): the
// dashboard is then no wider than the files.

export function newAccessToken(): string {
  return randomBytes(24).toString('base64url')
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest()

/** The token a request presents: `Authorization: Bearer …` (the page's API calls) or `?token=` (the URL typed in). */
export function presentedToken(req: IncomingMessage, query: URLSearchParams): string | undefined {
  const auth = req.headers.authorization
  const bearer = typeof auth === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined
  return bearer ?? query.get('token') ?? undefined
}

/** Constant-time: both sides are hashed first, so neither the content nor the length of the token leaks through timing. */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false
  return timingSafeEqual(digest(expected), digest(presented))
}
