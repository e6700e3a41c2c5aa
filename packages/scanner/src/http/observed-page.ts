import { readPage } from '../login/html.js'

// What the engine keeps of each response for the later stages (fingerprint, URL leaks), instead of
// the whole body: a scan of a site whose pages are 2 MB must not hold every page it fetched.

export { OBSERVED_BODY } from './excerpt.js'
/** Links kept per page, each cut to this length: enough to find a session id in a URL. */
const MAX_LINKS = 500
const MAX_LINK = 2048

/** The URLs an HTML page hands out (href, src, action), read from the whole body while it is at hand. */
export function pageLinks(contentType: unknown, body: string): string[] {
  if (!/html/i.test(String(contentType ?? ''))) return []
  return readPage(body)
    .links.slice(0, MAX_LINKS)
    .map((l) => l.slice(0, MAX_LINK))
}
