import type { ScanConfig } from '../config/schema.js'
import type { Redactor } from '../http/redact.js'
import { isCredentialParam, urlParams } from '../text/url-credentials.js'

/**
 * A credential-named parameter whose name says it holds a password (`password`, `passwd`, `pass`,
 * `pw`, `pwd`): its value is learned as a password (no character of it shown), not as an id.
 */
const PASSWORD_PARAM = /pass|pw/i

/**
 * Every secret the config holds, as the operator's (Redactor.addSecret's `operator`): the accounts'
 * passwords, the supplied cookies, the supplied header values (but the public ones), and the value of
 * every credential-named parameter in any URL or path the config names (the target, a login or check
 * URL, a logout, a pre-login page, a session start step, an MFA code URL: `/account?api_key=…`).
 * Learned later from the requests that carry them, those would count as ids the target handed out,
 * whose reading a target can take away (r25y L10).
 *
 * A password the operator gives outside the login (a supplied `Authorization: Basic` header's, a
 * password-named parameter's value) is a password of the scan: called before the first request (the
 * supplied headers go with every request, the target URL is the first one requested), this tells the
 * redactor a password is about to reach the target (Redactor.passwordSent), so no value the target
 * sets from then on shows a prefix it could spell that password in.
 */
export function learnConfiguredSecrets(redactor: Redactor, config: ScanConfig): void {
  const accounts = config.login ? (Array.isArray(config.login.credentials) ? config.login.credentials : [config.login.credentials]) : []
  for (const a of [...accounts, ...(config.accounts ?? [])]) redactor.addPassword(a.password)
  for (const v of Object.values(config.request.cookies)) redactor.addSecret(v, true)
  // whether a password outside the login goes with the scan's requests
  let sends = false
  // a header the user supplied is a credential until the config says otherwise (API keys, access-proxy secrets, custom auth)
  const publicHeaders = new Set(config.request.public_headers.map((h) => h.toLowerCase()))
  for (const [name, value] of Object.entries(config.request.headers))
    if (!publicHeaders.has(name.toLowerCase()) && redactor.addSecretHeader(name, value, true)) sends = true
  // every string of the config, not a list of its URL keys: a key added later cannot be missed, and a
  // string that is no URL has no credential-named parameter to give
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const [name, value] of urlParams(v)) {
        if (!isCredentialParam(name)) continue
        // from 6 characters, as any secret: a stem inside another word (`passive=true`) must not mask a word everywhere
        if (PASSWORD_PARAM.test(name) && value.length >= 6) {
          redactor.addPassword(value)
          sends = true
        } else redactor.addSecret(value, true)
      }
    } else if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') Object.values(v).forEach(walk)
  }
  walk(config)
  if (sends) redactor.passwordSent([])
}
