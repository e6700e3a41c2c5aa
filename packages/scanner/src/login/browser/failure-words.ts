/**
 * Chromium's network errors the scanner names. The code is read out of Playwright's message, which a page
 * can write into (its call log quotes the URL navigated to and the attributes of the element acted on), so
 * only a name from this fixed list is said: a page can at most choose among these words.
 */
const NET_ERRORS = new Set([
  'ERR_ABORTED',
  'ERR_ACCESS_DENIED',
  'ERR_ADDRESS_INVALID',
  'ERR_ADDRESS_UNREACHABLE',
  'ERR_BLOCKED_BY_CLIENT',
  'ERR_BLOCKED_BY_CSP',
  'ERR_BLOCKED_BY_ORB',
  'ERR_BLOCKED_BY_RESPONSE',
  'ERR_CACHE_MISS',
  'ERR_CERT_AUTHORITY_INVALID',
  'ERR_CERT_COMMON_NAME_INVALID',
  'ERR_CERT_DATE_INVALID',
  'ERR_CONNECTION_ABORTED',
  'ERR_CONNECTION_CLOSED',
  'ERR_CONNECTION_FAILED',
  'ERR_CONNECTION_REFUSED',
  'ERR_CONNECTION_RESET',
  'ERR_CONNECTION_TIMED_OUT',
  'ERR_CONTENT_DECODING_FAILED',
  'ERR_CONTENT_LENGTH_MISMATCH',
  'ERR_EMPTY_RESPONSE',
  'ERR_FAILED',
  'ERR_HTTP2_PROTOCOL_ERROR',
  'ERR_INCOMPLETE_CHUNKED_ENCODING',
  'ERR_INVALID_CHUNKED_ENCODING',
  'ERR_INVALID_HTTP_RESPONSE',
  'ERR_INVALID_REDIRECT',
  'ERR_INVALID_RESPONSE',
  'ERR_INVALID_URL',
  'ERR_NAME_NOT_RESOLVED',
  'ERR_NETWORK_CHANGED',
  'ERR_PROXY_CONNECTION_FAILED',
  'ERR_RESPONSE_HEADERS_TOO_BIG',
  'ERR_SSL_PROTOCOL_ERROR',
  'ERR_TIMED_OUT',
  'ERR_TOO_MANY_REDIRECTS',
  'ERR_TUNNEL_CONNECTION_FAILED',
  'ERR_UNKNOWN_URL_SCHEME',
  'ERR_UNSAFE_PORT',
  'ERR_UNSAFE_REDIRECT',
])

/**
 * Why the browser failed at something, in the scanner's words only. Once a page holds a typed secret,
 * Playwright's message names what the page chose (the URL it navigated to, the one it was interrupted by,
 * an element's attributes in the call log), and no cutting of URLs out of that text is sure to catch every
 * way a URL can be written into it: so the message's first line is read for its kind of failure, in the
 * shape Playwright writes it, and nothing of it is passed on.
 */
export function failureWords(err: unknown): string {
  const first = String((err as Error)?.message ?? err).split('\n', 1)[0] ?? ''
  // Playwright writes `<api call>: net::ERR_X at <url>`: the code comes first, before anything the page chose
  const code = /^[\w.]+: net::(ERR_[A-Z0-9_]+)/.exec(first)?.[1]
  if (code) return NET_ERRORS.has(code) ? `the browser could not open it (${code})` : 'the browser could not open it (a network error)'
  if (/^[\w.]+: Navigation to .* is interrupted by another navigation/.test(first)) return 'interrupted by another navigation'
  if (timedOut(err)) return 'timed out'
  if (/^[\w.]+: Target (page, context or browser )?(has been )?closed/.test(first)) return 'the page or browser was closed'
  return "it failed (the browser's message is not shown: the page holds a typed secret)"
}

/**
 * Whether Playwright says the call ran out of time: its error class, or its own first line
 * (`locator.click: Timeout 10000ms exceeded.`). Never the rest of the message: the call log quotes the
 * element's attributes and the URLs the page chose, so a page could write "Timeout" there and choose
 * the words a failure is said in.
 */
export function timedOut(err: unknown): boolean {
  const first = String((err as Error)?.message ?? err).split('\n', 1)[0] ?? ''
  return (err as Error)?.name === 'TimeoutError' || /^[\w.]+: Timeout \d+ms exceeded/.test(first)
}
