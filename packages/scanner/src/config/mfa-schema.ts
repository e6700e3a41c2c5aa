import { z } from 'zod'
import { parseDuration } from './duration.js'
import { sessionStartStep } from './discovery-schema.js'

// The config keys of the privilege changes after the password: a second factor (`login.mfa`) and a
// re-authentication before sensitive pages (`stepup`). Kept apart from config/schema.ts, as the
// browser and discovery keys are.

const path = z.string().min(1).max(2000)

/** An environment variable name, as `${NAME}` takes one. */
export const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'expected an environment variable name (letters, digits, _), e.g. SG_TOTP' })
  .max(200)

/** Per account: where its TOTP secret comes from (base32, or an otpauth:// URI). */
export const totpCredentialFields = {
  /** Name of the environment variable holding the account's TOTP secret (base32 or an otpauth:// URI). */
  totp_secret_env: envName.optional(),
  /** The secret itself (base32 or otpauth:// URI); prefer totp_secret_env, or `${SG_…}` interpolation. */
  totp_secret: z.string().min(1).max(2000).optional(),
}

const waitDuration = z
  .union([z.number(), z.string()])
  .transform((v, ctx) => {
    const ms = parseDuration(v)
    if (ms === undefined || ms < 0 || ms > 300_000) {
      ctx.addIssue({ code: 'custom', message: `not a duration up to 5m: ${JSON.stringify(v)}` })
      return z.NEVER
    }
    return ms
  })
  .default(30_000)

/** A regular expression written in the config; refused at load time when it does not compile. */
const pattern = z
  .string()
  .min(1)
  .max(500)
  .superRefine((v, ctx) => {
    try {
      new RegExp(v)
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not a valid regular expression' })
    }
  })

const httpUrl = z
  .string()
  .max(2000)
  .superRefine((v, ctx) => {
    let u: URL
    try {
      u = new URL(v)
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `not an absolute URL: ${JSON.stringify(v.slice(0, 200))} (e.g. http://127.0.0.1:8025/api/v1/message/latest)`,
      })
      return
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'give an http:// or https:// URL' })
    else if (u.username || u.password) ctx.addIssue({ code: 'custom', message: 'the URL must not carry credentials' })
  })

/** `login.mfa`: the second step of the login. */
export const mfaSchema = z
  .object({
    /** totp: the code is computed from each account's secret; url: it is read from code_url (a local mail catcher's API). */
    type: z.enum(['totp', 'url']).optional(),
    /** Where the code form is; default: the page the password step ends on. */
    page: path.optional(),
    /** Where the code is sent; default: the code form's action (or the page itself). */
    url: path.optional(),
    method: z.enum(['POST', 'PUT']).default('POST'),
    /** The code's field; default: the form's only code-like input (code, otp, token, totp…). */
    field: z.string().min(1).max(200).optional(),
    /** Other fields the code form needs (remember this device: 0 …). */
    extra: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({}),
    /** type url: the URL that shows the latest code (the target's origin, or one the operator named: --mfa-code-url, scan()'s codeOrigins); {username} is replaced. */
    code_url: httpUrl.optional(),
    /** type url: where the code sits in code_url's answer; the first group, else the whole match. */
    pattern: pattern.optional(),
    /** type url: how long to wait for a new code to show at code_url. */
    wait: waitDuration,
    /** type totp: RFC 6238 parameters (an otpauth:// URI in the secret carries its own). */
    digits: z.number().int().min(4).max(10).optional(),
    period: z.number().int().min(1).max(600).optional(),
    algorithm: z.enum(['SHA1', 'SHA256', 'SHA512']).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const type = m.type ?? (m.code_url ? 'url' : 'totp')
    if (type === 'url' && !m.code_url)
      ctx.addIssue({ code: 'custom', path: ['code_url'], message: 'type url needs code_url (and pattern)' })
    if (type === 'url' && !m.pattern)
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'type url needs pattern (where the code is in the answer)' })
    if (type === 'totp' && m.code_url)
      ctx.addIssue({ code: 'custom', path: ['code_url'], message: 'code_url is for type url; type totp computes the code' })
  })
  .transform((m) => ({ ...m, type: m.type ?? (m.code_url ? ('url' as const) : ('totp' as const)) }))

export type MfaConfig = z.output<typeof mfaSchema>

const checkFields = z
  .object({
    url: path,
    contains: z.string().optional(),
    status: z.number().int().min(100).max(599).optional(),
  })
  .strict()

/** `stepup`: re-authentication before sensitive pages ("confirm your password", sudo mode). */
export const stepupSchema = z
  .object({
    /** Page fetched first (CSRF token, form fields). Default: url. */
    page: path.optional(),
    /** Where the re-authentication is sent. */
    url: path.optional(),
    method: z.enum(['POST', 'PUT']).default('POST'),
    type: z.enum(['form', 'json']).optional(),
    /** The fields sent; '{password}', '{totp}' and '{username}' are replaced by the account's. */
    fields: z.record(z.string(), z.string().max(2000)).default({}),
    /** Instead of page/url/fields: HTTP requests in order (the session.start shape), placeholders in their bodies. */
    steps: z.array(sessionStartStep).min(1).max(20).optional(),
    /** What proves the elevation: the elevated page, and text only it shows. */
    check: checkFields,
  })
  .strict()
  .superRefine((s, ctx) => {
    if (!s.url && !s.steps) ctx.addIssue({ code: 'custom', path: ['url'], message: 'give url (and fields) or steps' })
    if (s.steps?.some((x) => !('url' in x)))
      ctx.addIssue({ code: 'custom', path: ['steps'], message: 'step-up steps are HTTP requests (url:, method:, form: or json:)' })
  })

export type StepupConfig = z.output<typeof stepupSchema>
