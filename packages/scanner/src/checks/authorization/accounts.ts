import type { ScanConfig } from '../../config/schema.js'
import type { HttpEngine } from '../../http/client.js'
import { LoginFlow, type Account } from '../../login/flow.js'

export interface NamedAccount extends Account {
  name: string
}

/** The test accounts of a scan: login.credentials (one or a list) then accounts:, one per user name. */
export function scanAccounts(config: ScanConfig): NamedAccount[] {
  const creds = config.login ? (Array.isArray(config.login.credentials) ? config.login.credentials : [config.login.credentials]) : []
  const out: NamedAccount[] = []
  for (const a of [...creds, ...(config.accounts ?? [])]) {
    if (out.some((o) => o.username === a.username)) continue
    out.push({ username: a.username, password: a.password, name: a.name ?? a.username })
  }
  return out
}

/**
 * The login flow as seen by `account`: a check that looks for the first account's name (check.contains:
 * alice) would call every other account's login a failure, so that text follows the account.
 */
export function flowFor(base: LoginFlow, http: HttpEngine, first: NamedAccount, account: NamedAccount): LoginFlow {
  const contains = base.login.check.contains
  if (contains === undefined || account.username === first.username) return base
  const swap = contains === first.username ? account.username : contains === first.name ? account.name : undefined
  if (swap === undefined) return base
  return new LoginFlow(http, { ...base.login, check: { ...base.login.check, contains: swap } })
}
