import type { FrameworkAdvice } from './types.js'

// Used when the fingerprint found nothing: framework-neutral, but still concrete about what to change.
export const generic: FrameworkAdvice = {
  rotate: {
    text:
      'Generate session ids only on the server, from a CSPRNG, and never create a session under an id the client sent: ' +
      'an id that is not in the store means "no session". At login issue a brand-new id, copy over whatever pre-login ' +
      'data you need, delete the old record in the same operation (a transaction if the store supports it) and send the ' +
      'new id in the response.',
    snippet: [
      '// at login, after the password check',
      'const fresh = randomBytes(32).toString("base64url")',
      'await store.rotate({ from: oldId, to: hash(fresh), userId: user.id }) // create new, delete old, atomically',
      'setCookie("__Host-sid", fresh, { httpOnly: true, secure: true, sameSite: "Lax", path: "/" })',
    ].join('\n'),
  },
  logout: {
    text:
      'On logout delete the session record on the server (not only the cookie in the browser), and make every later ' +
      'request carrying that id behave as unauthenticated. For signed or self-contained session tokens keep a ' +
      'revocation list or a per-user session version that the server checks on each request.',
  },
  expiry: {
    text:
      'Enforce an idle timeout and an absolute lifetime on the server, on every read of the session: store the creation ' +
      'and last-seen times with the session and reject it when either limit has passed. Store-level expiry (a TTL ' +
      'attribute, a cache expiry) only cleans up, and often late. PCI DSS 8.2.8 asks for re-authentication after at ' +
      'most 15 minutes idle.',
  },
  url: {
    text:
      'Accept the session id only from the cookie (or the one header an API documents), never from a query string or ' +
      'a path parameter, and never write it into redirects or links. Remove any URL-rewriting fallback.',
  },
  tokens: {
    text:
      'Use at least 128 bits from the operating system CSPRNG for every session id (32 random bytes is a good default), ' +
      'encoded as hex or base64url. Never derive ids from counters, timestamps, user data, hashes of those, or UUIDv1; ' +
      'a random UUIDv4 holds only 122 random bits.',
    snippet: 'const id = crypto.randomBytes(32).toString("base64url") // Node; Python: secrets.token_urlsafe(32)',
  },
  cookies: {
    text:
      'Send the session cookie as `__Host-<name>=<id>; Path=/; Secure; HttpOnly; SameSite=Lax` with no Domain and no ' +
      'Expires/Max-Age, so it is host-only, never travels over plain HTTP, is invisible to scripts, stays out of ' +
      'cross-site requests and disappears with the browser session.',
    snippet: 'Set-Cookie: __Host-sid=<id>; Path=/; Secure; HttpOnly; SameSite=Lax',
  },
  authz: {
    text:
      "Authorize every object access on the server against the session's user: require a valid session first, then " +
      'look objects up by owner and id together (the owner in the key or in a condition), and answer 404 when the ' +
      "object is not the caller's. Identifiers exposed to clients should be random (128 bits), not sequential.",
    snippet: [
      "// DynamoDB: the owner is part of the key, so another user's id simply finds nothing",
      'const { Item } = await ddb.send(new GetItemCommand({ TableName, Key: { pk: { S: `USER#${userId}` }, sk: { S: `ORDER#${orderId}` } } }))',
      'if (!Item) return notFound()',
    ].join('\n'),
  },
  elevate: {
    text: 'Treat every gain of privilege as a login: when the second factor succeeds, and when the user re-authenticates before a sensitive action, issue a new server-generated session id, delete the previous session on the server, then record the completed factor or the elevation. Until the last factor succeeds keep only a pending marker, and let protected pages require the completed factors, not just a user id.',
    snippet:
      "on second factor verified / step-up verified:\n    old = session.id\n    session = store.create(user=pending.user, factors=['pwd', 'otp'], authenticated_at=now)\n    store.delete(old)\n    set_cookie('__Host-sid', session.id)",
  },
}
