import { ConfigError } from '@sessionguard/scanner'
import type { ActionInputs } from './inputs.js'

/**
 * The inputs as a config fragment in the YAML's shape, merged over the config file the way CLI flags
 * are: one validator (the scanner's config schema) judges both, and inputs win.
 */
export function configFromInputs(inputs: ActionInputs, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const cfg: Record<string, unknown> = {}
  if (inputs.target) cfg.target = inputs.target
  const login: Record<string, unknown> = {}
  if (inputs.loginUrl) login.url = inputs.loginUrl
  if (inputs.loginPage) login.page = inputs.loginPage
  const fields: Record<string, string> = {}
  if (inputs.usernameField) fields.username = inputs.usernameField
  if (inputs.passwordField) fields.password = inputs.passwordField
  if (Object.keys(fields).length) login.fields = fields
  const password = inputs.password ?? passwordFromEnv(inputs.passwordEnv, env)
  if (inputs.username !== undefined || password !== undefined) {
    login.credentials = {
      ...(inputs.username !== undefined ? { username: inputs.username } : {}),
      ...(password !== undefined ? { password } : {}),
    }
  }
  if (inputs.checkUrl || inputs.checkContains)
    login.check = {
      ...(inputs.checkUrl ? { url: inputs.checkUrl } : {}),
      ...(inputs.checkContains ? { contains: inputs.checkContains } : {}),
    }
  if (Object.keys(login).length) cfg.login = login
  if (inputs.logoutUrl) cfg.logout = { url: inputs.logoutUrl }
  if (inputs.sessionCookie) cfg.session = { cookie: inputs.sessionCookie }
  if (inputs.tokens !== undefined) cfg.tokens = { samples: inputs.tokens }
  if (inputs.failOn) cfg.fail_on = inputs.failOn
  if (inputs.threshold !== undefined) cfg.threshold = inputs.threshold
  if (inputs.checks || inputs.excludeChecks)
    cfg.checks = {
      ...(inputs.checks ? { include: inputs.checks } : {}),
      ...(inputs.excludeChecks ? { exclude: inputs.excludeChecks } : {}),
    }
  if (inputs.baseline) cfg.baseline = inputs.baseline
  if (inputs.require) cfg.require = inputs.require
  if (inputs.source) cfg.source = inputs.source
  // a config file may not name a proxy (it would carry the login's password to a host of its choosing): the workflow does
  if (inputs.proxy || inputs.proxyCa)
    cfg.scope = { ...(inputs.proxy ? { proxy: inputs.proxy } : {}), ...(inputs.proxyCa ? { proxy_ca: inputs.proxyCa } : {}) }
  return cfg
}

/** The input that sets each config key, for errors about a value an input gave (or should have). */
export const INPUT_FOR_KEY: Readonly<Record<string, string>> = {
  target: 'the input target',
  'login.url': 'the input login-url',
  'login.page': 'the input login-page',
  'login.fields.username': 'the input username-field',
  'login.fields.password': 'the input password-field',
  'login.credentials': 'the inputs username and password',
  'login.credentials.username': 'the input username',
  'login.credentials.password': 'the input password',
  'login.check': 'the input check-url',
  'login.check.url': 'the input check-url',
  'login.check.contains': 'the input check-contains',
  'logout.url': 'the input logout-url',
  'session.cookie': 'the input session-cookie',
  'tokens.samples': 'the input tokens',
  fail_on: 'the input fail-on',
  threshold: 'the input threshold',
  'checks.include': 'the input checks',
  'checks.exclude': 'the input exclude-checks',
  baseline: 'the input baseline',
  require: 'the input require',
  'scope.proxy': 'the input proxy',
  'scope.proxy_ca': 'the input proxy-ca',
}

function passwordFromEnv(name: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (name === undefined) return undefined
  const value = env[name]
  if (value === undefined) throw new ConfigError(`input password-env: the environment variable ${name} is not set`)
  return value
}
