import type { Observation } from '../../http/client.js'
import { canonical, canonicalSecret } from '../../http/secret-forms.js'

// SG-URL's leak half: a session id the server wrote into a URL it handed out (a Location header, a
// link of a page). What the scanner itself put into a URL is not the server's doing: a login redirect
// that echoes the requested URL into `?next=`, a trailing-slash redirect, a canonical link or a form
// action repeating the page's own query string all hand the probe's id back, and a URL the server
// keeps from such a request (the `next` a login form carries to its redirect) does too. So an id
// counts as leaked only where the server showed it in a URL before any URL the scanner had sent held
// it; from then on, every URL holding it may be a reflection of the scanner's own request.

/** Escape levels a reflection or a leak is looked through: a URL inside a query (once), inside a `next` inside a query (twice), one more for safety. */
const DECODE_ROUNDS = 3

/** A character canonical() decodes: a percent or HTML escape, a JS escape. Most URLs hold none, and are their own decoding. */
const ESCAPED = /[%&\\]/

/** The URL and the text it decodes to, level by level (percent escapes, HTML references, '+' as space), so an id is found in any of them. */
function decodings(url: string): string[] {
  const out = [canonicalSecret(url)]
  let text = url
  for (let i = 0; i < DECODE_ROUNDS && ESCAPED.test(text); i++) {
    const next = canonical(text).text
    if (next === out.at(-1)) break
    out.push(next)
    text = next
  }
  return out
}

/** Which of `values` `url` holds, as given or under any escaping a server may apply to a URL it writes. */
export function heldBy(url: string, values: readonly string[]): string[] {
  if (!url || values.length === 0) return []
  const forms = decodings(url)
  return values.filter((v) => {
    const needle = canonicalSecret(v)
    return forms.some((d) => d.includes(needle))
  })
}

export interface UrlLeak {
  observation: Observation
  /** The URL the server handed out with the id in it. */
  url: string
  where: 'location' | 'link'
}

/**
 * The first URL the server handed out holding one of `values` that the scanner had not put into a URL
 * of its own first (in this request, an earlier hop of its redirect chain, or any request before).
 */
export function findUrlLeak(observations: readonly Observation[], values: readonly string[]): UrlLeak | undefined {
  const sentBefore = new Set<string>()
  for (const o of observations) {
    for (const v of heldBy(o.url, values)) sentBefore.add(v)
    const fresh = values.filter((v) => !sentBefore.has(v))
    if (fresh.length === 0) continue
    const loc = typeof o.headers.location === 'string' ? o.headers.location : ''
    for (const [url, where] of [[loc, 'location'], ...o.links.map((l) => [l, 'link'])] as Array<[string, UrlLeak['where']]>) {
      if (heldBy(url, fresh).length > 0) return { observation: o, url, where }
    }
  }
  return undefined
}
