import { Secret, TOTP, URI } from 'otpauth'
import { ConfigError } from '../../errors.js'
import type { Clock } from './clock.js'

// RFC 6238 codes from an account's secret, through otpauth (a maintained implementation with SHA-1,
// SHA-256 and SHA-512). The secret is base32 as authenticator apps show it, or the otpauth:// URI of
// the enrolment QR code, which carries its own digits, period and algorithm.

export interface TotpParams {
  digits?: number | undefined
  period?: number | undefined
  algorithm?: 'SHA1' | 'SHA256' | 'SHA512' | undefined
}

const BASE32 = /^[A-Z2-7]+$/

/** A TOTP generator for one secret; `where` names the setting in errors, which never quote the secret. */
export function totpFrom(secret: string, params: TotpParams, where: string): TOTP {
  const s = secret.trim()
  if (/^otpauth:\/\//i.test(s)) {
    let parsed: ReturnType<typeof URI.parse>
    try {
      parsed = URI.parse(s)
    } catch {
      throw new ConfigError(`${where}: not a valid otpauth:// URI`)
    }
    if (!(parsed instanceof TOTP))
      throw new ConfigError(`${where}: an otpauth://hotp/ URI is a counter-based code; the scanner computes time-based (totp) codes`)
    return parsed
  }
  // authenticator apps show the secret in groups, sometimes lower-case, sometimes padded
  const b32 = s.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase()
  if (b32.length < 8 || !BASE32.test(b32))
    throw new ConfigError(`${where}: not a base32 TOTP secret (letters A–Z and digits 2–7, at least 8) nor an otpauth://totp/ URI`)
  return new TOTP({
    secret: Secret.fromBase32(b32),
    digits: params.digits ?? 6,
    period: params.period ?? 30,
    algorithm: params.algorithm ?? 'SHA1',
  })
}

/**
 * The ways an app or a page may write the same secret, for the redactor: as given, its base32 as
 * authenticator apps show it (upper, padded, in groups of four), the key's bytes in hex and base64
 * (otplib and pyotp keep hex; debug pages print base64), and for an otpauth:// URI the secret inside it.
 */
export function totpSecretForms(secret: string, totp: TOTP): string[] {
  const b32 = totp.secret.base32.replace(/=+$/, '')
  const bytes = Buffer.from(totp.secret.bytes)
  const forms = [
    secret.trim(),
    b32,
    b32.padEnd(Math.ceil(b32.length / 8) * 8, '='),
    b32.replace(/(.{4})(?=.)/g, '$1 '),
    bytes.toString('hex'),
    bytes.toString('base64'),
    bytes.toString('base64url'),
  ]
  return [...new Set(forms)]
}

/** One code, with the time step it belongs to (apps that refuse reuse remember the step). */
export interface TimedCode {
  code: string
  step: number
}

/**
 * Codes for one account. Each code handed out is remembered by its time step: when the app refuses a
 * code of a step an earlier login of this account already used (one-time use, as django-otp and
 * otplib's afterTimeStep enforce), the retry waits for the following step instead of trying again.
 */
export class TotpCodes {
  private readonly used = new Set<number>()

  constructor(
    private readonly totp: TOTP,
    private readonly clock: Clock,
  ) {}

  /** The code of the current step, and whether an earlier login already submitted a code of that step. */
  next(): TimedCode & { reused: boolean } {
    const now = this.clock.now()
    const c = { code: this.totp.generate({ timestamp: now }), step: this.totp.counter({ timestamp: now }) }
    const reused = this.used.has(c.step)
    this.used.add(c.step)
    return { ...c, reused }
  }

  /** Waits for the step after `refused` (the app refuses a code twice), then hands out its code. */
  async after(refused: TimedCode, signal?: AbortSignal): Promise<TimedCode & { reused: boolean }> {
    const wait = (refused.step + 1) * this.totp.period * 1000 - this.clock.now()
    if (wait > 0) await this.clock.sleep(wait, signal)
    return this.next()
  }
}
