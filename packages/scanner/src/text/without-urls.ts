/** What stands in a message for a URL it named. */
export const URL_NOT_NAMED = '[a URL, not named]'

/**
 * A message from Chromium or Playwright with every URL in it replaced. Such a message names where a page
 * was or was sent ("navigation to … is interrupted by another navigation to …"), and that URL, query and
 * host included, is the page's choice: it can spell there the session id (or, after typing, the password)
 * it holds. The kind of failure stays. A URL ends only where the URL standard always escapes: a
 * backtick, `{|}^` (and an apostrophe in a non-special scheme) stay raw in a query, so they are part of the URL here.
 */
export function withoutUrls(message: string): string {
  return message
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"<>]*/gi, URL_NOT_NAMED)
    .replace(/\b(?:data|blob|javascript):[^\s"<>]*/gi, URL_NOT_NAMED)
}
