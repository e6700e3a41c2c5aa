import type { LoginConfig } from '../config/schema.js'
import { escapeRegExp } from '../text/escape-regexp.js'

// The proof of login for each test account. A check page usually greets its user ("Signed in as
// <b>alice</b>"), and a login.check.contains copied from the first account's page names that
// account: read as is for the second account, it would call every one of its logins a failure.

export type LoginCheck = LoginConfig['check']

/** One test account as the login check sees it: its own `check` (over login.check) when it has one. */
export interface CheckedAccount {
  username: string
  name?: string | undefined
  check?: { url?: string | undefined; contains?: string | undefined; status?: number | undefined } | undefined
}

/** Whole words only, markup around them included: "alice" in "<b>alice</b>" or "alice," but never in "malice" or "alice@example.com". */
function wholeWord(token: string): string {
  return `(?<![\\w.@-])${escapeRegExp(token)}(?![\\w@-]|\\.\\w)`
}

/**
 * The check text `contains` with the first account's user name and name, as whole words, swapped for
 * `account`'s (the user name first: a page that greets by e-mail names the e-mail); undefined when it
 * names neither, so a text every account's page shows is kept as it is.
 */
export function adaptText(contains: string, first: CheckedAccount, account: CheckedAccount): string | undefined {
  const tokens = [...new Set([first.username, first.name].filter((t): t is string => t !== undefined && t.length >= 2))].sort(
    (a, b) => b.length - a.length,
  )
  if (tokens.length === 0) return undefined
  const re = new RegExp(tokens.map(wholeWord).join('|'), 'g')
  if (!re.test(contains)) return undefined
  re.lastIndex = 0
  return contains.replace(re, (hit) => (hit === first.username ? account.username : (account.name ?? account.username)))
}

function overlay(base: LoginCheck, own: CheckedAccount['check']): LoginCheck {
  if (!own) return base
  return {
    url: own.url ?? base.url,
    ...(own.contains !== undefined ? { contains: own.contains } : base.contains !== undefined ? { contains: base.contains } : {}),
    ...(own.status !== undefined ? { status: own.status } : base.status !== undefined ? { status: base.status } : {}),
  }
}

/**
 * The check that proves `account` is logged in: login.check, with the first account's own `check`
 * fields over it, then this account's. A text this account does not set itself is adapted from the
 * first account's when it names that account.
 */
export function checkFor(check: LoginCheck, first: CheckedAccount, account: CheckedAccount): LoginCheck {
  const template = overlay(check, first.check)
  if (account === first || account.username === first.username) return template
  const own = overlay(template, account.check)
  if (account.check?.contains !== undefined || own.contains === undefined) return own
  const adapted = adaptText(own.contains, first, account)
  return adapted === undefined ? own : { ...own, contains: adapted }
}
