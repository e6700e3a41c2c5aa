import { hashToken, safeEqual } from './token.js'

interface LastToken {
  token: string
  key: string
}

/**
 * Remembers, per client connection, the last token seen on it and its SHA-256. A keep-alive client
 * sends the same cookie on every request, and on an in-process store the hash is the largest cost of
 * an authenticated request; a constant-time comparison against the previous token replaces it.
 *
 * The hash is a pure function of the token, so a remembered key can never be wrong, whoever sent the
 * previous request (behind a proxy, one connection carries many users). What is kept is one token per
 * open connection, on a WeakMap entry that dies with the connection object: exactly what that
 * connection's own buffers carried. Nothing of it reaches the store, which still sees only hashes.
 */
export class ConnectionKeys {
  readonly #last = new WeakMap<object, LastToken>()

  constructor(private readonly hash: (token: string) => string = hashToken) {}

  keyOf(connection: object, token: string): string {
    const seen = this.#last.get(connection)
    if (seen !== undefined && safeEqual(seen.token, token)) return seen.key
    const key = this.hash(token)
    if (seen === undefined) this.#last.set(connection, { token, key })
    else {
      seen.token = token
      seen.key = key
    }
    return key
  }
}
