// Django 3.2 with django-otp 1.1 (Debian's python3-django, python3-django-otp): the password through
// django.contrib.auth, then a TOTP code from django-otp's TOTPDevice (tolerance one step, each step's
// code accepted once). auth.login() gives a new session key at the password step (SG-FIX-LOGIN has
// nothing to find), and django_otp.login() records the verified device in the session without a new
// key: that is django-otp's documented behaviour, and what mode 'keep' does.
//
// mode 'keep' — VULNERABLE: the key held after the password step is the verified session (SG-FIX-MFA).
// mode 'partial' — VULNERABLE: /account/ is @login_required, not @otp_required (SG-MFA-PARTIAL).
// mode 'fixed' — SAFE: request.session.cycle_key() right after django_otp.login(), @otp_required.
// All: the sessionid cookie is HttpOnly, SameSite=Lax, browser-session lifetime, over http.
// The step is short (default 5 s) so a scan that must wait for the next step waits little; the
// scanner is told the same period.
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { answers200, startChildServer } from '../child-server.js'
import { DEBIAN_PYTHON } from './django-sessions.js'
import type { TargetApp } from './types.js'
import { ALICE, BOB } from './users.js'

/** RFC 4648 base32 without padding, as authenticator apps show a secret. */
export function base32(bytes: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  let out = ''
  for (const b of bytes) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31]
  return out
}

export async function startDjangoOtpApp(opts: {
  mode: 'keep' | 'partial' | 'fixed'
  step?: number
}): Promise<TargetApp & { secrets: Record<string, string> }> {
  const step = opts.step ?? 5
  const keys = { alice: randomBytes(20), bob: randomBytes(20) }
  const script = fileURLToPath(new URL('./django/otp_app.py', import.meta.url))
  const server = await startChildServer({
    what: 'django-otp app',
    command: DEBIAN_PYTHON,
    args: (port) => [script, String(port), opts.mode, String(step), keys.alice.toString('hex'), keys.bob.toString('hex')],
    ready: answers200('/'),
    timeoutMs: 30_000,
  })
  const secrets = { [ALICE.username]: base32(keys.alice), [BOB.username]: base32(keys.bob) }
  return {
    name: `django-otp-${opts.mode}`,
    url: server.url,
    secrets,
    config: {
      target: server.url,
      login: {
        page: '/accounts/login/',
        url: '/accounts/login/',
        type: 'form',
        credentials: { username: ALICE.username, password: ALICE.password, totp_secret: secrets[ALICE.username] },
        mfa: { type: 'totp', period: step },
        check: { url: '/account/', contains: 'Welcome alice' },
      },
      logout: { url: '/accounts/logout/', method: 'POST' },
    },
    accounts: [ALICE, BOB].map((a) => ({ ...a })),
    close: () => server.stop(),
  }
}
