import type { Page } from 'playwright-core'
import { maskUrlValues } from '../../http/redact.js'

// Where the login's browser is, for the login's description and a step's error. Once a secret is typed
// the page holds it, and its script chooses the path it is on (`history.pushState` needs no request),
// so a path could spell the password in any encoding the redaction does not know. After typing, a path
// is shown only when it is one the operator named (the login page, login.url, the check URL, a step's
// `wait: { url }`, the second factor's page): otherwise the origin, and that the path is not shown.

interface Place {
  /** Origins the browser may be on (the target and the login origins); any other host a page chose. */
  allowed: readonly string[]
  /** origin + pathname of every place the settings name. */
  named: ReadonlySet<string>
  typed: boolean
}

const places = new WeakMap<Page, Place>()

export const PATH_NOT_SHOWN = 'at a path not shown (no setting names it, and once the password is typed the page can choose it)'

/**
 * Registers what the operator named for this page. `typed`: a secret already reached the target before
 * this page was opened (the second factor's part of a login), so the page's paths are its choice from
 * the start.
 */
export function namePlaces(page: Page, allowed: readonly string[], named: Iterable<string>, base: string, typed = false): void {
  const set = new Set<string>()
  for (const n of named) {
    try {
      const u = new URL(n, base)
      set.add(`${u.origin}${u.pathname}`)
    } catch {
      // a setting that is no URL names no place
    }
  }
  places.set(page, { allowed, named: set, typed })
}

/** From now on the page holds a typed secret (the password, a second-factor code). */
export function typedOn(page: Page): void {
  const p = places.get(page)
  if (p) p.typed = true
  else places.set(page, { allowed: [], named: new Set(), typed: true })
}

/** Whether the page holds a typed secret: its messages then name what it chose. */
export function isTyped(page: Page): boolean {
  return places.get(page)?.typed ?? false
}

function parsed(url: string): URL | undefined {
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}

/** "http://127.0.0.1:3000/login", or after typing on a path no setting names, the origin and that the path is not shown. */
export function shownPlace(page: Page, url: string = page.url()): string {
  const u = parsed(url)
  if (!u) return 'an unknown page'
  // Chromium's own error page (chrome-error://) after a refused request, about:blank, data: have no origin
  if (u.origin === 'null') return u.protocol === 'chrome-error:' ? "the browser's error page" : `a ${u.protocol.slice(0, 20)} page`
  const p = places.get(page)
  // a host the walls let through is the target's or a login origin's; any other one a page chose
  if (p && p.allowed.length > 0 && !p.allowed.includes(u.origin)) return 'a page on another origin (not named: a page chose it)'
  const at = `${u.origin}${u.pathname}`
  if (!p?.typed || p.named.has(at)) return maskUrlValues(at)
  return `${u.origin}, ${PATH_NOT_SHOWN}`
}

/** The path alone ("/login"), as shownPlace would show it. */
export function pathShown(page: Page, url: string): string {
  const shown = shownPlace(page, url)
  const u = parsed(url)
  return u && shown.startsWith(`${u.origin}/`) ? shown.slice(u.origin.length) : shown
}
