import type { LoginConfig, ScanConfig } from '../config/schema.js'
import { loginSchema } from '../config/schema.js'
import type { ApiOperation, ApiSpec } from './model.js'

// When the config names no login, logout or check URL, the API description usually does: an
// operation that takes a password, one that signs out, one that returns the current user.

export interface SpecProposals {
  login?: { op: ApiOperation; type: 'json' | 'form'; fields: { username: string; password: string } }
  logout?: ApiOperation | undefined
  check?: ApiOperation | undefined
}

const words = (op: ApiOperation): string => `${op.path} ${op.operationId ?? ''} ${op.summary ?? ''}`

export function proposeEndpoints(spec: ApiSpec): SpecProposals {
  const out: SpecProposals = {}
  const loginish = /log-?in|sign-?in|session|auth|token/i
  const logins = spec.operations
    .filter(
      (op) => (op.method === 'POST' || op.method === 'PUT') && op.pathParams.length === 0 && op.body?.fields.some((f) => /pass/i.test(f)),
    )
    .sort((a, b) => Number(loginish.test(words(b))) - Number(loginish.test(words(a))))
  const login = logins[0]
  if (login?.body) {
    const password = login.body.fields.find((f) => /pass/i.test(f))!
    const others = login.body.fields.filter((f) => f !== password)
    const username = others.find((f) => /user|e-?mail|login|account|name/i.test(f)) ?? others[0]
    if (username) out.login = { op: login, type: login.body.type, fields: { username, password } }
  }
  const logouts = spec.operations.filter(
    (op) => /log-?out|sign-?out/i.test(words(op)) && op.pathParams.length === 0 && ['POST', 'DELETE', 'GET'].includes(op.method),
  )
  out.logout = ['POST', 'DELETE', 'GET'].map((m) => logouts.find((op) => op.method === m)).find(Boolean)
  const whoami = /^(me|account|profile|user|whoami|userinfo|session|current-?user)$/i
  const checks = spec.operations
    .filter(
      (op) =>
        op.method === 'GET' &&
        op.pathParams.length === 0 &&
        (whoami.test(op.path.split('/').filter(Boolean).at(-1) ?? '') ||
          /^(get)?(me|whoami|current-?user|profile|account)$/i.test(op.operationId ?? '')),
    )
    .sort((a, b) => Number(b.security === 'secured') - Number(a.security === 'secured'))
  if (checks[0]) out.check = checks[0]
  return out
}

/**
 * Fills the login (credentials from `accounts:`), the check URL and the logout from the spec when the
 * config does not name them. What was taken is said in the report notes; configured values always win.
 */
export function applyProposals(config: ScanConfig, spec: ApiSpec): { config: ScanConfig; notes: string[] } {
  const p = proposeEndpoints(spec)
  const notes: string[] = []
  let next = config
  if (!config.login) {
    const accounts = config.accounts ?? []
    if (p.login && p.check && accounts.length > 0) {
      const login: LoginConfig = loginSchema.parse({
        url: p.login.op.path,
        method: p.login.op.method,
        type: p.login.type,
        fields: p.login.fields,
        credentials: accounts.map((a) => ({ username: a.username, password: a.password, name: a.name })),
        check: { url: p.check.path },
      })
      next = { ...next, login }
      notes.push(
        `Login taken from the spec (${spec.source}): ${p.login.type} ${p.login.op.method} ${p.login.op.path} with fields ${p.login.fields.username}, ${p.login.fields.password}; logged-in check GET ${p.check.path}.`,
      )
    } else if (accounts.length > 0) {
      const missing = [
        p.login ? '' : 'an operation that takes a password',
        p.check ? '' : 'a GET operation that returns the current user (/me, /account…)',
      ]
        .filter(Boolean)
        .join(' and ')
      notes.push(`The spec ${spec.source} does not describe ${missing}; set login: in the config to test with the accounts.`)
    }
  }
  if (!config.logout && next.login && p.logout) {
    next = { ...next, logout: { url: p.logout.path, method: p.logout.method as 'GET' | 'POST' | 'DELETE' } }
    notes.push(`Logout taken from the spec: ${p.logout.method} ${p.logout.path}.`)
  }
  return { config: next, notes }
}
