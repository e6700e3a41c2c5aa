import { ConfigError, FORMATS, SEVERITIES, type Format, type Severity } from '@sessionguard/scanner'

// The Action's inputs as the runner hands them over: INPUT_<NAME> with the name upper-cased and
// spaces turned into underscores, hyphens kept (INPUT_FAIL-ON). action.yml declares the same names
// and defaults; a test keeps the two in step.

export const INPUT_DEFAULTS = {
  target: '',
  config: '',
  'fail-on': 'high',
  threshold: '',
  format: 'sarif',
  output: '',
  username: '',
  password: '',
  'password-env': '',
  'login-url': '',
  'check-url': '',
  'check-contains': '',
  'logout-url': '',
  'login-page': '',
  'username-field': '',
  'password-field': '',
  'session-cookie': '',
  tokens: '',
  checks: '',
  'exclude-checks': '',
  'ignore-file': '',
  source: '',
  baseline: '',
  require: '',
  'history-table': '',
  'history-key': '',
  'allow-env': '',
  browser: '',
  screenshots: 'false',
  proxy: '',
  'proxy-ca': '',
} as const

export type InputName = keyof typeof INPUT_DEFAULTS

export const OUTPUT_NAMES = ['score', 'grade', 'report', 'findings', 'exit-code'] as const

/** Reads one input the way the runner's toolkit does; an empty value means the default. */
export function readInput(env: NodeJS.ProcessEnv, name: InputName): string {
  const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim()
  return value ? value : INPUT_DEFAULTS[name]
}

export interface ActionInputs {
  target?: string
  config?: string
  /** undefined when fail-on is "none". */
  failOn?: Severity
  threshold?: number
  format: Format
  output?: string
  username?: string
  password?: string
  passwordEnv?: string
  loginUrl?: string
  checkUrl?: string
  checkContains?: string
  logoutUrl?: string
  loginPage?: string
  usernameField?: string
  passwordField?: string
  sessionCookie?: string
  /** Token samples to collect and analyse (tokens.samples). */
  tokens?: number
  /** checks.include / checks.exclude: SG-* ids or family names. */
  checks?: string[]
  excludeChecks?: string[]
  /** A YAML/JSON file of ignore entries, added to the config's ignore: list. */
  ignoreFile?: string
  /** An earlier JSON report: only findings new since it fail the job. */
  baseline?: string
  /** Families or ids that must have run. */
  require?: string[]
  /** A DynamoDB history table to record the scan in (credentials and region from the step's AWS environment). */
  historyTable?: string
  /** The history key to record it under (default: the repository for an app on loopback, else the target). */
  historyKey?: string
  /** Environment variables the config file may read besides SG_* (names, or prefixes ending in *). */
  allowEnv?: string[]
  /** The browser of a browser login (a path or a name on PATH): the workflow's choice, never the config file's. */
  browser?: string
  /** Keep pictures of the attacker's browser (browser logins only). */
  screenshots?: boolean
  /** The proxy every request goes through (scope.proxy): the workflow's choice, never the config file's. */
  proxy?: string
  /** A PEM file of the proxy's CA (scope.proxy_ca), read from the workspace. */
  proxyCa?: string
  /** The application's source folder in the workspace: check it too and join it with the scan (config source:). */
  source?: string
}

const opt = (v: string): string | undefined => (v === '' ? undefined : v)
/** A comma- or newline-separated list input (YAML block scalars give newlines). */
const list = (v: string): string[] | undefined => {
  const items = v
    .split(/[,\n]/)
    .map((x) => x.trim())
    .filter(Boolean)
  return items.length ? items : undefined
}

/** Validated inputs; a bad value is a ConfigError (exit 2) naming the input. */
export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const failOn = readInput(env, 'fail-on').toLowerCase()
  if (failOn !== 'none' && !(SEVERITIES as readonly string[]).includes(failOn)) {
    throw new ConfigError(`input fail-on: expected one of ${[...SEVERITIES, 'none'].join(', ')}, got ${JSON.stringify(failOn)}`)
  }
  const thresholdText = readInput(env, 'threshold')
  const threshold = thresholdText === '' ? undefined : Number(thresholdText)
  if (threshold !== undefined && !(Number.isInteger(threshold) && threshold >= 0 && threshold <= 100)) {
    throw new ConfigError(`input threshold: expected a whole number from 0 to 100, got ${JSON.stringify(thresholdText)}`)
  }
  const format = readInput(env, 'format').toLowerCase()
  if (!(FORMATS as readonly string[]).includes(format))
    throw new ConfigError(`input format: expected one of ${FORMATS.join(', ')}, got ${JSON.stringify(format)}`)
  const password = opt(readInput(env, 'password'))
  const passwordEnv = opt(readInput(env, 'password-env'))
  if (password && passwordEnv) throw new ConfigError('inputs password and password-env: give one, not both')
  const inputs: ActionInputs = { format: format as Format }
  const set = <K extends keyof ActionInputs>(key: K, value: ActionInputs[K] | undefined): void => {
    if (value !== undefined) inputs[key] = value
  }
  set('target', opt(readInput(env, 'target')))
  set('config', opt(readInput(env, 'config')))
  set('failOn', failOn === 'none' ? undefined : (failOn as Severity))
  set('threshold', threshold)
  set('output', opt(readInput(env, 'output')))
  set('username', opt(readInput(env, 'username')))
  set('password', password)
  set('passwordEnv', passwordEnv)
  set('loginUrl', opt(readInput(env, 'login-url')))
  set('checkUrl', opt(readInput(env, 'check-url')))
  set('checkContains', opt(readInput(env, 'check-contains')))
  set('logoutUrl', opt(readInput(env, 'logout-url')))
  const tokensText = readInput(env, 'tokens')
  const tokens = tokensText === '' ? undefined : Number(tokensText)
  if (tokens !== undefined && !(Number.isInteger(tokens) && tokens >= 0 && tokens <= 100_000)) {
    throw new ConfigError(`input tokens: expected a whole number of samples from 0 to 100000, got ${JSON.stringify(tokensText)}`)
  }
  set('loginPage', opt(readInput(env, 'login-page')))
  set('usernameField', opt(readInput(env, 'username-field')))
  set('passwordField', opt(readInput(env, 'password-field')))
  set('sessionCookie', opt(readInput(env, 'session-cookie')))
  set('tokens', tokens)
  set('checks', list(readInput(env, 'checks')))
  set('excludeChecks', list(readInput(env, 'exclude-checks')))
  set('ignoreFile', opt(readInput(env, 'ignore-file')))
  set('baseline', opt(readInput(env, 'baseline')))
  set('require', list(readInput(env, 'require')))
  const table = opt(readInput(env, 'history-table'))
  // DynamoDB's own rule for table names: a bad one fails here (exit 2), not after the scan
  if (table !== undefined && !/^[A-Za-z0-9_.-]{3,255}$/.test(table))
    throw new ConfigError(`input history-table: not a DynamoDB table name: ${JSON.stringify(table)} (3 to 255 of A-Z a-z 0-9 _ - .)`)
  set('historyTable', table)
  const key = opt(readInput(env, 'history-key'))
  if (key !== undefined && (key.startsWith('#') || key.length > 1024))
    throw new ConfigError('input history-key: a name or URL of at most 1024 characters, not starting with #')
  set('historyKey', key)
  set('allowEnv', list(readInput(env, 'allow-env')))
  set('browser', opt(readInput(env, 'browser')))
  set('proxy', opt(readInput(env, 'proxy')))
  set('proxyCa', opt(readInput(env, 'proxy-ca')))
  const screenshots = readInput(env, 'screenshots').toLowerCase()
  if (screenshots !== 'true' && screenshots !== 'false')
    throw new ConfigError(`input screenshots: expected true or false, got ${JSON.stringify(screenshots)}`)
  if (screenshots === 'true') inputs.screenshots = true
  set('source', opt(readInput(env, 'source')))
  if (!inputs.target && !inputs.config)
    throw new ConfigError('give the input target (e.g. http://127.0.0.1:3000) or config (a sessionguard YAML file)')
  return inputs
}
