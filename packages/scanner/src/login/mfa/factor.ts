import { ConfigError, MfaCodeError } from '../../errors.js'
import type { MfaConfig } from '../../config/mfa-schema.js'
import { configMayRead, envRefusal, type EnvAccess } from '../../config/env-access.js'
import type { Clock } from './clock.js'
import { assertCodeUrlAllowed, UrlCodes } from './code-url.js'
import { totpFrom, totpSecretForms, TotpCodes } from './totp.js'

// One account's second factor, whichever kind: the code to type now, and what to do when the app
// refuses it. Every code handed out is given to `onCode` first, so the report masks it like a password.

export interface IssuedCode {
  code: string
  /** TOTP: the time step of the code, to wait past it when the app refuses reuse. */
  step?: number
  /** TOTP: an earlier login of this account already submitted a code of this step. */
  reused?: boolean
}

export interface SecondFactor {
  readonly kind: 'totp' | 'url'
  /** Called before the password step: a code sent by mail is told apart from the ones already there. */
  beforePassword(): Promise<void>
  /** The code to submit; an error in words when none can be had. */
  code(): Promise<IssuedCode>
  /** After the app refused `refused`: another code worth one more try, or undefined. */
  retry(refused: IssuedCode): Promise<IssuedCode | undefined>
}

export interface FactorContext {
  mfa: MfaConfig
  clock: Clock
  signal: AbortSignal
  env: NodeJS.ProcessEnv
  /** What the operator allowed beyond SG_* (the same rule as `${VAR}` in a config file). */
  envAccess: EnvAccess
  targetOrigin: string
  /** Origins the operator allowed codes to be fetched from (--mfa-code-url). */
  codeOrigins: readonly string[]
  timeoutMs: number
  onCode(code: string): void
}

export interface FactorAccount {
  username: string
  totp_secret?: string | undefined
  totp_secret_env?: string | undefined
}

/** The account's TOTP secret, from totp_secret or the variable totp_secret_env names (SG_… or one the operator allowed). */
export function totpSecretOf(account: FactorAccount, env: NodeJS.ProcessEnv, where: string, access: EnvAccess = {}): string | undefined {
  if (account.totp_secret !== undefined && account.totp_secret_env !== undefined)
    throw new ConfigError(`${where}: give totp_secret_env or totp_secret, not both`)
  if (account.totp_secret !== undefined) return account.totp_secret
  const name = account.totp_secret_env
  if (name === undefined) return undefined
  if (!configMayRead(name, access))
    throw new ConfigError(`${envRefusal(name, `${where}.totp_secret_env`)}; or pass it with --totp-secret-env ${name}`)
  const v = env[name]
  if (v === undefined || v.trim() === '') throw new ConfigError(`${where}.totp_secret_env: the environment variable ${name} is not set`)
  return v
}

export function secondFactorFor(account: FactorAccount, where: string, ctx: FactorContext): SecondFactor {
  if (ctx.mfa.type === 'url') {
    assertCodeUrlAllowed(ctx.mfa.code_url!, ctx.targetOrigin, ctx.codeOrigins)
    const codes = new UrlCodes(
      { url: ctx.mfa.code_url!, pattern: ctx.mfa.pattern!, waitMs: ctx.mfa.wait, timeoutMs: ctx.timeoutMs },
      account.username,
      ctx.clock,
      ctx.signal,
    )
    return {
      kind: 'url',
      beforePassword: () => codes.before(),
      async code() {
        const got = await codes.code()
        if (got === undefined)
          throw new MfaCodeError(
            `no new code showed at login.mfa.code_url within ${Math.round(ctx.mfa.wait / 1000)} s (matched against login.mfa.pattern)`,
          )
        if ('refused' in got) throw new MfaCodeError(`login.mfa.code_url: ${got.refused}`)
        ctx.onCode(got.code)
        return { code: got.code }
      },
      // a mailed code is one-time: a refused one is not tried again, nor is a new one asked for
      retry: () => Promise.resolve(undefined),
    }
  }
  const secret = totpSecretOf(account, ctx.env, where, ctx.envAccess)
  if (secret === undefined)
    throw new ConfigError(
      `${where}: login.mfa (type totp) needs this account's TOTP secret: totp_secret_env: SG_… (or --totp-secret-env NAME, --account NAME:USER:PASSWORD_ENV:TOTP_ENV)`,
    )
  const totp = totpFrom(secret, ctx.mfa, `${where}.totp_secret`)
  // the secret in every way a page could write it is a secret of the scan, as each code is
  for (const form of totpSecretForms(secret, totp)) ctx.onCode(form)
  const codes = new TotpCodes(totp, ctx.clock)
  const issue = (c: { code: string; step: number; reused: boolean }): IssuedCode => {
    ctx.onCode(c.code)
    return c
  }
  return {
    kind: 'totp',
    beforePassword: () => Promise.resolve(),
    code: () => Promise.resolve(issue(codes.next())),
    async retry(refused) {
      // refused the first time its step was used: the secret or the clock is wrong, and waiting does not cure that
      if (!refused.reused || refused.step === undefined) return undefined
      return issue(await codes.after({ code: refused.code, step: refused.step }, ctx.signal))
    },
  }
}
