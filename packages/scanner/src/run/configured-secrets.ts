import type { ScanConfig } from '../config/schema.js'
import type { Redactor } from '../http/redact.js'
import { isCredentialParam, urlParams } from '../text/url-credentials.js'

/**
 * A credential-named parameter whose name says it holds a password (`password`, `passwd`, `pass`,
 * `pw`, `pwd`): its value is learned as a password (no character of it shown), not as an id.
 */
const PASSWORD_PARAM = /pass|pw/i

/**
 * A supplied header or cookie whose name says it holds a password (`X-Password`, `password`, `passwd`,
 * `X-Pass`, `pwd`, `user-pw`): its value is a password like a Basic header's. Narrower than
 * PASSWORD_PARAM (which only sees credential-named parameters): a session cookie named
 * `passport_session` is not one.
 */
const PASSWORD_NAME = /passw|passphrase|(?:^|[-_.])(?:pass|pwd?)(?:$|[-_.])/i

/**
 * Every secret the config holds, as the operator's (Redactor.addSecret's `operator`): the accounts'
 * passwords, the supplied cookies, the supplied header values (but the public ones), and the value of
 * every credential-named parameter in any URL or path the config names (the target, a login or check
 * URL, a logout, a pre-login page, a session start step, an MFA code URL: `/account?api_key=…`), and
 * the userinfo of any of them (`http://bob:pw@…`: the password as an operator's, the username as a secret).
 * Learned later from the requests that carry them, those would count as ids the target handed out,
 * whose reading a target can take away (r25y L10).
 *
 * A password the operator gives outside the login (a supplied `Authorization: Basic` header's, a
 * password-named parameter's value) is a password of the scan: called before the first request (the
 * supplied headers go with every request, the target URL is the first one requested), this tells the
 * redactor a password is about to reach the target (Redactor.passwordSent), so no value the target
 * sets from then on shows a prefix it could spell that password in. So does a supplied header or cookie
 * whose name says password (PASSWORD_NAME).
 */
export function learnConfiguredSecrets(redactor: Redactor, config: ScanConfig): void {
  const accounts = config.login ? (Array.isArray(config.login.credentials) ? config.login.credentials : [config.login.credentials]) : []
  for (const a of [...accounts, ...(config.accounts ?? [])]) redactor.addPassword(a.password)
  // whether a password outside the login goes with the scan's requests
  let sends = false
  for (const [name, v] of Object.entries(config.request.cookies)) {
    redactor.addSecret(v, true)
    if (PASSWORD_NAME.test(name) && v) {
      redactor.addOperatorPassword(v)
      sends = true
    }
  }
  // a header the user supplied is a credential until the config says otherwise (API keys, access-proxy secrets, custom auth)
  const publicHeaders = new Set(config.request.public_headers.map((h) => h.toLowerCase()))
  for (const [name, value] of Object.entries(config.request.headers)) {
    if (publicHeaders.has(name.toLowerCase())) continue
    if (redactor.addSecretHeader(name, value, true)) sends = true
    if (PASSWORD_NAME.test(name) && value.trim()) {
      redactor.addOperatorPassword(value.trim())
      sends = true
    }
  }
  // every string of the config, not a list of its URL keys: a key added later cannot be missed, and a
  // string that is no URL has no credential-named parameter to give
  const walk = (v: unknown, key?: string): void => {
    if (typeof v === 'string') {
      // a config URL's userinfo (`http://bob:pw@host/account`: only the target refuses one): the HTTP
      // client sends it nowhere, but a browser may, and every exchange's URL shows it. The proxy's
      // goes to the proxy alone, learned by the scan as a password that never reaches the target.
      const info = key === 'proxy' ? undefined : userinfo(v, config.target)
      if (info) {
        redactor.addSecret(info.username, true)
        if (info.password) {
          redactor.addOperatorPassword(info.password)
          sends = true
        }
      }
      for (const [name, value] of urlParams(v)) {
        if (!isCredentialParam(name)) continue
        // from 6 characters, as any secret: a stem inside another word (`passive=true`) must not mask a word everywhere
        if (PASSWORD_PARAM.test(name) && value.length >= 6) {
          redactor.addPassword(value)
          sends = true
        } else if (PASSWORD_NAME.test(name) && value) {
          // a short one where a whole value is it, as a short userinfo password (r31yr P1); the name
          // itself must say password, so `passive=true` masks no `true`
          redactor.addOperatorPassword(value)
          sends = true
        } else redactor.addSecret(value, true)
      }
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key))
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k)
  }
  walk(config)
  if (sends) redactor.passwordSent([])
}

/**
 * The username and password of a URL's userinfo, decoded, or undefined for a string that is no URL
 * with one. Read against the target as Scope.resolve() reads a config URL: a protocol-relative one
 * (`//bob:pw@host/…`, and the backslash spellings the URL parser takes for it) is requested with its
 * userinfo too.
 */
function userinfo(v: string, target: string): { username: string; password: string } | undefined {
  if (!v.includes('@')) return undefined
  const u = URL.canParse(v) ? new URL(v) : URL.canParse(v, target) ? new URL(v, target) : undefined
  if (!u) return undefined
  if (!u.username && !u.password) return undefined
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s)
    } catch {
      return s
    }
  }
  return { username: decode(u.username), password: decode(u.password) }
}
