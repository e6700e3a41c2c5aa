import type { ScanConfig } from '../../config/schema.js'
import type { Account } from '../flow.js'
import { type FactorContext, type SecondFactor, secondFactorFor } from './factor.js'

// One second factor per test account (login.credentials and accounts:), each with its own secret or
// mailbox, looked up by user name whenever the login flow logs an account in.

export function secondFactors(
  config: ScanConfig,
  ctx: Omit<FactorContext, 'mfa'>,
): ((account: Account) => SecondFactor | undefined) | undefined {
  const mfa = config.login?.mfa
  if (!config.login || !mfa) return undefined
  const listed = Array.isArray(config.login.credentials) ? config.login.credentials : [config.login.credentials]
  const byUser = new Map<string, SecondFactor>()
  const add = (a: (typeof listed)[number], where: string): void => {
    if (!byUser.has(a.username)) byUser.set(a.username, secondFactorFor(a, where, { ...ctx, mfa }))
  }
  listed.forEach((a, i) => add(a, Array.isArray(config.login!.credentials) ? `login.credentials.${i}` : 'login.credentials'))
  ;(config.accounts ?? []).forEach((a, i) => add(a, `accounts.${i}`))
  return (account) => byUser.get(account.username)
}
