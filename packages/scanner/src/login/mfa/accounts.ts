import type { ScanConfig } from '../../config/schema.js'
import { ConfigError } from '../../errors.js'
import { typesCode } from '../browser/steps.js'
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
  if (config.login.type === 'browser' && config.login.steps && !config.login.steps.some(typesCode))
    throw new ConfigError(
      "login.steps: with login.mfa, one fill step types the code: { fill: { selector: 'input[name=code]', value: '{totp}' } }",
    )
  const listed = Array.isArray(config.login.credentials) ? config.login.credentials : [config.login.credentials]
  const byUser = new Map<string, SecondFactor>()
  const add = (a: (typeof listed)[number], where: string): void => {
    if (!byUser.has(a.username)) byUser.set(a.username, secondFactorFor(a, where, { ...ctx, mfa }))
  }
  listed.forEach((a, i) => add(a, Array.isArray(config.login!.credentials) ? `login.credentials.${i}` : 'login.credentials'))
  ;(config.accounts ?? []).forEach((a, i) => add(a, `accounts.${i}`))
  return (account) => byUser.get(account.username)
}

/**
 * Time a scan may spend waiting for TOTP periods beyond its budget: an app that takes each code once
 * makes every login after the first within a period wait for the next one (ten periods cover the
 * scanner's own, the attacks' and a second account's logins). Codes read from a URL wait within the budget.
 */
export function mfaWaitAllowanceMs(config: ScanConfig): number {
  const mfa = config.login?.mfa
  if (!mfa || mfa.type !== 'totp') return 0
  return (mfa.period ?? 30) * 1000 * 10
}
