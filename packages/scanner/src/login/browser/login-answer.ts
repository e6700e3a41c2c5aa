// Which of a browser login's answers the target gave to the typed credentials. After typing, a page can
// make the target say anything it can store or decode: an honest "create" endpoint answers a JSON escape
// (`\u0073`) plainly, a list endpoint gives back what an earlier request stored, another decodes base64 or
// a twice-encoded `next=`. So no answer's text is taken as "handed out" by looking for it in answers
// (r29br E1): only the answer to the one request that carried the secret typed last (the password, or a
// second factor's code after it) and the redirects that answer started count, and from them only what
// their own requests did not hold in any reading a target could decode.
import type { Recorded } from './record.js'

/** What the scanner typed into the pages of one browser context. */
export interface Typed {
  /** The secrets typed, in the order typed: the password, then a second factor's code. */
  secrets: readonly string[]
  /** The bytes Chromium posts a secret in from a page in another charset (posted-bytes.ts), by secret. */
  forms?: ReadonlyMap<string, readonly Uint8Array[]>
}

/**
 * A request text past this many characters is not read: a page that posts that much after typing is
 * counted as maybe carrying the secret (it can only make the login answer unknown, never chosen).
 */
const MAX_READ = 1024 * 1024
/**
 * All request texts read for one login together stay under this (reading costs about a second per MiB,
 * and a page chooses how much it posts); past it, every request left counts as maybe carrying the secret.
 */
const MAX_READ_TOTAL = 4 * MAX_READ
/** How many decoded levels (percent-encoding, base64 or hex inside them) a reading goes down. */
const PERCENT_LEVELS = 4
const INNER_LEVELS = 2

/**
 * A form or query text decoded once, escape by escape: a broken escape elsewhere in the text (`%ZZ`)
 * leaves only itself undecoded, as a target's parser reads each field apart. Bytes that are no UTF-8
 * read as Latin-1.
 */
function percentDecoded(s: string): string {
  return s.replace(/\+/g, ' ').replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = Buffer.from(run.replace(/%/g, ''), 'hex')
    const utf8 = bytes.toString('utf8')
    return utf8.includes('\uFFFD') ? bytes.toString('latin1') : utf8
  })
}

function jsonStrings(v: unknown, out: string[], depth = 0): void {
  if (depth > 32) return
  if (typeof v === 'string') out.push(v)
  else if (Array.isArray(v)) for (const x of v) jsonStrings(x, out, depth + 1)
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.push(k)
      jsonStrings(x, out, depth + 1)
    }
}

/**
 * Every reading of a text a target could decode into plain text: as sent, without NULs (UTF-16), each
 * percent-decoded level, the strings of it read as JSON (its escapes resolved), and what base64 or hex
 * runs in any of those decode to, read the same way once more.
 */
export function readings(text: string, depth = 0): string[] {
  const out = new Set<string>([text])
  if (text.includes('\0')) out.add(text.replace(/\0/g, ''))
  for (const t of [...out]) {
    let cur = t
    for (let i = 0; i < PERCENT_LEVELS; i++) {
      const next = percentDecoded(cur)
      if (next === cur) break
      out.add(next)
      cur = next
    }
  }
  for (const t of [...out]) {
    if (!/^\s*[[{"]/.test(t)) continue
    try {
      const strings: string[] = []
      jsonStrings(JSON.parse(t), strings)
      for (const s of strings) out.add(s)
    } catch {
      // not JSON
    }
  }
  if (depth < INNER_LEVELS)
    for (const t of [...out]) {
      for (const m of t.matchAll(/[A-Za-z0-9+/_-]{8,}={0,2}/g)) {
        const b64 = Buffer.from(m[0].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')
        if (b64.length >= 4) for (const r of readings(b64, depth + 1)) out.add(r)
      }
      for (const m of t.matchAll(/(?:[0-9A-Fa-f]{2}){4,}/g))
        for (const r of readings(Buffer.from(m[0], 'hex').toString('utf8'), depth + 1)) out.add(r)
    }
  return [...out]
}

/** The texts of a request a page or the browser wrote: URL, body, and every header but Cookie and Referer (a page's earlier choices ride there on every request). */
function requestTexts(r: Recorded): string[] {
  return [
    r.rawUrl,
    r.rawBody,
    ...Object.entries(r.requestHeaders)
      .filter(([k]) => !/^(cookie|referer)$/i.test(k))
      .map(([, v]) => v),
  ]
}

/** A secret's bytes in another charset as a urlencoded form posts them. */
function formEncoded(bytes: Uint8Array): string {
  return [...bytes]
    .map((b) =>
      /[A-Za-z0-9*._-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : b === 0x20
          ? '+'
          : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('')
}

/** Whether a request holds `secret` in any reading of its URL, body or headers. */
function carries(r: Recorded, secret: string, forms: readonly Uint8Array[]): boolean {
  const encoded = forms.map(formEncoded)
  return requestTexts(r).some((t) => encoded.some((e) => t.includes(e)) || readings(t).some((x) => x.includes(secret)))
}

/**
 * A request whose text cannot be read as the target reads it (a compressed or non-UTF-8 body, bytes
 * that are no UTF-8, a body past MAX_READ) might carry the secret in a form the scanner does not see.
 */
function unreadable(r: Recorded): boolean {
  const type = r.requestHeaders['content-type'] ?? ''
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1]
  return (
    r.rawBody.length > MAX_READ ||
    r.rawBody.includes('\uFFFD') ||
    r.requestHeaders['content-encoding'] !== undefined ||
    (charset !== undefined && !/^utf-?8$/i.test(charset))
  )
}

/**
 * The login answer: the answer to the one request sent after typing that carried the secret typed last,
 * followed through the redirects it started (in order). Empty when no request carried it, or more than
 * one might have (the page sent it to the login and somewhere else too: which answer is the login's is
 * then the page's choice), or the context typed nothing. A redirect's re-post of a body is the browser's,
 * part of the chain, not another request.
 */
export function loginAnswers(recs: Recorded[], typed: Typed | undefined): Recorded[] {
  const secret = typed?.secrets.filter((s) => s !== '').at(-1)
  if (secret === undefined) return []
  const forms = typed?.forms?.get(secret) ?? []
  let read = 0
  const maybe = recs.filter((r) => {
    if (!r.afterTyping || r.redirectedFrom !== undefined) return false
    read += requestTexts(r).reduce((n, t) => n + t.length, 0)
    return read > MAX_READ_TOTAL || unreadable(r) || carries(r, secret, forms)
  })
  if (maybe.length !== 1 || read > MAX_READ_TOTAL || unreadable(maybe[0]!)) return []
  const chain = [maybe[0]!]
  for (let cur = maybe[0]!; cur.id !== undefined;) {
    const from = cur.id
    const next = recs.find((r) => r.redirectedFrom === from)
    if (!next || chain.includes(next)) break
    chain.push(next)
    cur = next
  }
  return chain
}

/**
 * For each answer of the chain, whether a text stands in any reading of what the requests up to its own
 * held (URL, body, any header): an answer that repeats what it was asked, in whatever spelling the target
 * decoded, holds the page's text. (A later request of the chain holds the earlier answer's Location: it
 * is not asked of the earlier answer.)
 */
export function askedIn(chain: Recorded[]): Array<(text: string) => boolean> {
  const asked: string[] = []
  return chain.map((r) => {
    asked.push(...[r.rawUrl, r.rawBody, ...Object.values(r.requestHeaders)].flatMap((t) => readings(t)))
    const upTo = asked.length
    return (text: string) => asked.slice(0, upTo).some((a) => a.includes(text))
  })
}
