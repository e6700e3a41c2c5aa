import type { ScanConfig } from '../../config/schema.js'
import type { HttpEngine } from '../../http/client.js'
import { ActorSession } from '../../actors/session.js'
import { LoginFailedError } from '../../errors.js'
import { LoginFlow, type Account } from '../../login/flow.js'
import { checkFor, type CheckedAccount, type LoginCheck } from '../../login/account-check.js'

export interface NamedAccount extends Account {
  name: string
  /** This account's own proof of login (over login.check), when the config gives one. */
  check?: CheckedAccount['check']
}

/** The test accounts of a scan: login.credentials (one or a list) then accounts:, one per user name. */
export function scanAccounts(config: ScanConfig): NamedAccount[] {
  const creds = config.login ? (Array.isArray(config.login.credentials) ? config.login.credentials : [config.login.credentials]) : []
  const out: NamedAccount[] = []
  for (const a of [...creds, ...(config.accounts ?? [])]) {
    if (out.some((o) => o.username === a.username)) continue
    out.push({ username: a.username, password: a.password, name: a.name ?? a.username, ...(a.check ? { check: a.check } : {}) })
  }
  return out
}

/**
 * The login flow as seen by `account`: its own check, or the first account's with that account's
 * name swapped for this one's (login/account-check.ts). A browser login stays a browser login.
 */
export function flowFor(base: LoginFlow, http: HttpEngine, first: NamedAccount, account: NamedAccount): LoginFlow {
  const check = checkFor(base.login.check, first, account)
  if (sameCheck(check, base.login.check)) return base
  return base.withCheck(check)
}

function sameCheck(a: LoginCheck, b: LoginCheck): boolean {
  return a.url === b.url && a.contains === b.contains && a.status === b.status
}

/**
 * flowFor, with the control the scan gives the first account's check: a check this account does not
 * share with the first one (adapted to its name, or its own) must not be met without any session, or a
 * login that failed would read as a success (a public page naming that account in the same markup) and
 * every replay "as" that account would be an anonymous one, resisted for the wrong reason.
 */
export async function controlledFlowFor(base: LoginFlow, http: HttpEngine, first: NamedAccount, account: NamedAccount): Promise<LoginFlow> {
  const flow = flowFor(base, http, first, account)
  if (flow === base) return flow
  const control = await flow.access(new ActorSession('anonymous'), `control: ${account.name}'s login check without any session`, {
    freeze: true,
  })
  if (control.authenticated) {
    const { url, contains } = flow.login.check
    throw new LoginFailedError(
      `${account.name}'s login check (${url}${contains !== undefined ? ` containing ${JSON.stringify(contains)}` : ''}) is met without any session (${control.reason}), so it cannot tell that ${account.name} logged in; give ${account.name} a check: with text only their logged-in page shows`,
    )
  }
  return flow
}
