import { SessionDataError } from '../errors.js'

const MAX_USER_ID_BYTES = 1024
/** With the u flag a paired surrogate is one code point, so this matches only lone surrogates. */
const LONE_SURROGATE = /\p{Cs}/u

/**
 * A user id the store can keep apart from every other one. DynamoDB stores strings as UTF-8, where a
 * lone surrogate becomes U+FFFD: 'bob\uD800' would read, list and revoke the sessions of 'bob\uFFFD'.
 */
export function assertUserId(userId: unknown): asserts userId is string {
  if (typeof userId !== 'string' || userId.length === 0 || Buffer.byteLength(userId) > MAX_USER_ID_BYTES)
    throw new SessionDataError(`userId must be a non-empty string of at most ${MAX_USER_ID_BYTES} bytes`)
  const lone = LONE_SURROGATE.exec(userId)
  if (lone)
    throw new SessionDataError(
      `userId must be well-formed Unicode: it holds a lone surrogate U+${lone[0].charCodeAt(0).toString(16).toUpperCase()} at index ${lone.index}, which the store would turn into U+FFFD and so confuse with another user`,
    )
}
