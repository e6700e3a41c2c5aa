import type { HttpResponse } from '../../http/client.js'
import { looksLikeLoginPage } from '../../login/html.js'
import { escapeRegExp } from '../../text/escape-regexp.js'
import type { NamedAccount } from './accounts.js'

// What counts as "the owner's data came back". Conservative on purpose: an error page, a login form,
// or a page that shows the requester's own identity is never someone else's object.

/** Texts that identify an account in a page: its user name and its report name, when long enough to be specific. */
export function markersOf(account: NamedAccount): string[] {
  return [...new Set([account.username, account.name].filter((m) => m.length >= 3))]
}

function markerRe(m: string): RegExp {
  return new RegExp(`(?<![\\w.@-])${escapeRegExp(m)}(?![\\w@-])`)
}

export function shows(body: string, markers: string[]): boolean {
  return markers.some((m) => markerRe(m).test(body))
}

/** A response that carries content: 2xx, a body, and not a login form. */
export function isData(res: HttpResponse): boolean {
  return res.status >= 200 && res.status < 300 && res.body.trim().length > 0 && !looksLikeLoginPage(res.body)
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical)
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    )
  return v
}

/** Whose name a page greets is not part of the object: every account's markers are blanked before comparing. */
function neutral(body: string, markers: string[]): string {
  let out = body
  for (const m of [...markers].sort((a, b) => b.length - a.length)) out = out.replace(new RegExp(markerRe(m).source, 'g'), '~who~')
  return out.trim()
}

/** Same content, ignoring JSON key order, whitespace around the body, and whose name the page shows. */
export function sameContent(a: string, b: string, markers: string[]): boolean {
  if (a === b) return true
  const x = neutral(a, markers)
  const y = neutral(b, markers)
  if (x === y) return true
  try {
    return JSON.stringify(canonical(JSON.parse(x))) === JSON.stringify(canonical(JSON.parse(y)))
  } catch {
    return false
  }
}
