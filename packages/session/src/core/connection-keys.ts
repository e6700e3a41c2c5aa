import { hashToken, safeEqual } from './token.js'

interface LastCookie {
  /** undefined when the header was too long to be recalled (never '', which an empty header would match). */
  header: string | undefined
  token: string
  key: string
}

/** Longer Cookie headers are parsed every time: comparing them would cost more than the scan. */
const MAX_RECALLED_HEADER = 1024

/**
 * Remembers, per client connection, the last Cookie header that carried a session token on it, the
 * token and its SHA-256. A keep-alive client sends the same cookie on every request, and on an
 * in-process store the hash is the largest cost of an authenticated request; a constant-time
 * comparison against what the connection sent last replaces the scan and the hash.
 *
 * Token and key are pure functions of the header, so a remembered key can never be wrong, whoever
 * sent the previous request (behind a proxy, one connection carries many users). What is kept is one
 * header per open connection, on a WeakMap entry that dies with the connection object: what that
 * connection's own buffers carried. Nothing of it reaches the store, which still sees only hashes.
 */
export class ConnectionKeys {
  readonly #last = new WeakMap<object, LastCookie>()

  constructor(private readonly hash: (token: string) => string = hashToken) {}

  /** Token and key of `header` if it is exactly the header this connection sent last. */
  recall(connection: object, header: string): Readonly<LastCookie> | undefined {
    // too long to have been kept; also spares comparing it
    if (header.length > MAX_RECALLED_HEADER) return undefined
    const seen = this.#last.get(connection)
    return seen?.header !== undefined && safeEqual(seen.header, header) ? seen : undefined
  }

  /** The key of `token`, found in `header` on this connection: hashed unless it is the token the connection sent last. */
  keyOf(connection: object, header: string, token: string): string {
    const seen = this.#last.get(connection)
    if (seen !== undefined && safeEqual(seen.token, token)) {
      seen.header = keptHeader(header)
      return seen.key
    }
    const key = this.hash(token)
    // A token sliced out of the header would keep the whole header alive, however long: keep a copy.
    this.#last.set(connection, { header: keptHeader(header), token: Buffer.from(token, 'latin1').toString('latin1'), key })
    return key
  }

  /** The connection carried a request without a session token: keep nothing from before it. */
  forget(connection: object): void {
    this.#last.delete(connection)
  }
}

const keptHeader = (header: string): string | undefined => (header.length > MAX_RECALLED_HEADER ? undefined : header)
