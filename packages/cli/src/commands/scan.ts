import { writeFile } from 'node:fs/promises'
import { extname, relative, sep } from 'node:path'
import { Command, Option } from 'commander'
import {
  allowEnvEntries,
  ConfigError,
  DEFAULT_FAIL_ON,
  FORMATS,
  FORMAT_EXTENSIONS,
  formatForExtension,
  SEVERITIES,
  type Format,
  assess,
  cutByBudget,
  type HistorySink,
  loadIgnoreFile,
  loadConfigFile,
  mergeConfig,
  render,
  resolveConfig,
  proxyFromEnv,
} from '@sessionguard/scanner'
import { progressPrinter } from '../progress.js'
import { FLAG_FOR_KEY } from './flag-names.js'
import { useColor } from '../color.js'
import { ensureDirectory } from '../output-dir.js'

interface ScanFlags {
  config?: string
  allowEnv?: string[]
  loginUrl?: string
  loginPage?: string
  loginType?: 'form' | 'json' | 'browser'
  browser?: string
  screenshots?: boolean
  username?: string
  passwordEnv?: string
  usernameField?: string
  passwordField?: string
  checkUrl?: string
  checkContains?: string
  totpSecretEnv?: string
  mfaPage?: string
  mfaUrl?: string
  mfaField?: string
  mfaCodeUrl?: string
  mfaCodePattern?: string
  totpPeriod?: number
  totpDigits?: number
  totpAlgorithm?: 'SHA1' | 'SHA256' | 'SHA512'
  stepupPage?: string
  stepupUrl?: string
  stepupCheckUrl?: string
  stepupCheckContains?: string
  logoutUrl?: string
  logoutMethod?: 'GET' | 'POST' | 'DELETE'
  header: string[]
  publicHeader?: string[]
  cookie: string[]
  sessionCookie?: string
  sessionHeader?: string
  sessionQuery?: string
  preLogin?: string[]
  discoveryBudget?: number
  discoveryBrowser?: boolean
  discoveryForms?: boolean
  require?: string[]
  idleTimeout?: string
  absoluteTimeout?: string
  tokens?: number
  spec?: string
  account: string[]
  object: string[]
  public: string[]
  allowUnsafeMethods?: boolean
  rate?: number
  timeout?: string
  budget?: string
  maxRequests?: number
  insecure?: boolean
  proxy?: string
  proxyEnv?: boolean
  proxyCa?: string
  format: Format
  output: string[]
  harAll?: boolean
  failOn?: (typeof SEVERITIES)[number] | 'none'
  defaultFailOn?: (typeof SEVERITIES)[number] | 'none'
  checks?: string[]
  excludeChecks?: string[]
  ignoreFile?: string
  baseline?: string
  threshold?: number
  quiet?: boolean
  color?: boolean
  save?: boolean
  dataDir?: string
  source?: string
  sourceExclude?: string[]
}

const collect = (v: string, prev: string[]): string[] => [...prev, v]
const list = (v: string, prev: string[] | undefined): string[] => [
  ...(prev ?? []),
  ...v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
]
const int =
  (name: string) =>
  (v: string): number => {
    const n = Number(v)
    if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a whole number, got ${JSON.stringify(v)}`)
    return n
  }

/** NAME<sep>VALUE; a malformed one is named by its place among the flags, never quoted: the value is a credential (an API key, a session cookie). */
function pair(raw: string, sep: string, what: string, nth: number): [string, string] {
  const i = raw.indexOf(sep)
  if (i < 0) throw new ConfigError(`${what} #${nth + 1} has no "${sep}": it must look like NAME${sep}VALUE`)
  if (raw.slice(0, i).trim() === '')
    throw new ConfigError(`${what} #${nth + 1} has no name before "${sep}": it must look like NAME${sep}VALUE`)
  return [raw.slice(0, i).trim(), raw.slice(i + 1).trim()]
}

/** The value of an environment variable the operator named on the command line (any name: the operator chose it). */
function fromEnv(env: NodeJS.ProcessEnv, variable: string, what: string): string {
  const v = env[variable]
  if (v === undefined || v === '') throw new ConfigError(`${what}: the environment variable ${variable} is not set`)
  return v
}

/**
 * `--account name:username:PASSWORD_ENV[:TOTP_ENV]`: the password (and the account's TOTP secret) are
 * read from the environment, never from the command line.
 */
function accountFlag(raw: string, env: NodeJS.ProcessEnv): { name: string; username: string; password: string; totp_secret?: string } {
  const parts = raw.split(':')
  if ((parts.length !== 3 && parts.length !== 4) || parts.some((p) => p.trim() === ''))
    throw new ConfigError(
      `--account must look like NAME:USERNAME:PASSWORD_ENV or NAME:USERNAME:PASSWORD_ENV:TOTP_ENV, got ${JSON.stringify(raw)}`,
    )
  const [name, username, variable, totpVar] = parts.map((p) => p.trim()) as [string, string, string, string | undefined]
  const password = env[variable]
  if (password === undefined) throw new ConfigError(`--account ${name}: the environment variable ${variable} is not set`)
  return { name, username, password, ...(totpVar ? { totp_secret: fromEnv(env, totpVar, `--account ${name}`) } : {}) }
}

/** Flags as a config fragment in the YAML's shape, so one validator serves both and flags win. */
export function flagsToConfig(url: string | undefined, f: ScanFlags, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const cfg: Record<string, unknown> = {}
  if (url) cfg.target = url
  const login: Record<string, unknown> = {}
  if (f.loginUrl) login.url = f.loginUrl
  if (f.loginPage) login.page = f.loginPage
  if (f.loginType) login.type = f.loginType
  const fields: Record<string, string> = {}
  if (f.usernameField) fields.username = f.usernameField
  if (f.passwordField) fields.password = f.passwordField
  if (Object.keys(fields).length) login.fields = fields
  if (f.username !== undefined || f.passwordEnv !== undefined) {
    const creds: Record<string, string> = {}
    if (f.username !== undefined) creds.username = f.username
    if (f.passwordEnv !== undefined) {
      const pw = env[f.passwordEnv]
      if (pw === undefined) throw new ConfigError(`--password-env ${f.passwordEnv}: that environment variable is not set`)
      creds.password = pw
    }
    login.credentials = creds
  }
  if (f.totpSecretEnv !== undefined) {
    const creds = (login.credentials as Record<string, string> | undefined) ?? {}
    creds.totp_secret = fromEnv(env, f.totpSecretEnv, `--totp-secret-env ${f.totpSecretEnv}`)
    login.credentials = creds
  }
  const mfa: Record<string, unknown> = {}
  if (f.mfaPage) mfa.page = f.mfaPage
  if (f.mfaUrl) mfa.url = f.mfaUrl
  if (f.mfaField) mfa.field = f.mfaField
  if (f.mfaCodeUrl) mfa.code_url = f.mfaCodeUrl
  if (f.mfaCodePattern) mfa.pattern = f.mfaCodePattern
  if (f.totpPeriod !== undefined) mfa.period = f.totpPeriod
  if (f.totpDigits !== undefined) mfa.digits = f.totpDigits
  if (f.totpAlgorithm) mfa.algorithm = f.totpAlgorithm
  if (f.mfaCodeUrl) mfa.type = 'url'
  else if (f.totpSecretEnv !== undefined) mfa.type = 'totp'
  if (Object.keys(mfa).length) login.mfa = mfa
  const accounts = f.account.map((a) => accountFlag(a, env))
  // accounts alone can log in through the flags' login: the first one is the scan's main account
  if (login.credentials === undefined && accounts.length && (f.loginUrl || f.checkUrl)) login.credentials = accounts.map((a) => ({ ...a }))
  if (accounts.length) cfg.accounts = accounts
  if (f.spec) cfg.spec = f.spec
  if (f.object.length) cfg.objects = f.object
  if (f.public.length) cfg.public = f.public
  if (f.allowUnsafeMethods) cfg.allow_unsafe_methods = true
  if (f.preLogin?.length)
    login.pre = f.preLogin
      .flatMap((p) => p.split(','))
      .map((p) => p.trim())
      .filter(Boolean)
  // the flags set their part of login.discovery and keep the file's other discovery settings
  if (f.discoveryBudget !== undefined || f.discoveryBrowser || f.discoveryForms) {
    const current = login.discovery
    const base: Record<string, unknown> =
      current && typeof current === 'object' ? { ...(current as object) } : typeof current === 'number' ? { budget: current } : {}
    if (f.discoveryBudget !== undefined) base.budget = f.discoveryBudget
    if (f.discoveryBrowser) base.browser = true
    if (f.discoveryForms) base.forms = true
    login.discovery = base
  }
  if (f.require?.length)
    cfg.require = f.require
      .flatMap((r) => r.split(','))
      .map((r) => r.trim())
      .filter(Boolean)
  if (f.checkUrl || f.checkContains)
    login.check = { ...(f.checkUrl ? { url: f.checkUrl } : {}), ...(f.checkContains ? { contains: f.checkContains } : {}) }
  if (Object.keys(login).length) cfg.login = login
  if (f.stepupUrl || f.stepupPage || f.stepupCheckUrl || f.stepupCheckContains) {
    const check: Record<string, string> = {}
    if (f.stepupCheckUrl) check.url = f.stepupCheckUrl
    if (f.stepupCheckContains) check.contains = f.stepupCheckContains
    cfg.stepup = {
      ...(f.stepupPage ? { page: f.stepupPage } : {}),
      ...(f.stepupUrl ? { url: f.stepupUrl, fields: { password: '{password}' } } : {}),
      ...(Object.keys(check).length ? { check } : {}),
    }
  }
  if (f.logoutUrl) cfg.logout = { url: f.logoutUrl, ...(f.logoutMethod ? { method: f.logoutMethod } : {}) }
  if (f.header.length || f.cookie.length || f.publicHeader?.length) {
    cfg.request = {
      ...(f.header.length ? { headers: Object.fromEntries(f.header.map((h, n) => pair(h, ':', '--header', n))) } : {}),
      ...(f.publicHeader?.length ? { public_headers: f.publicHeader } : {}),
      ...(f.cookie.length ? { cookies: Object.fromEntries(f.cookie.map((c, n) => pair(c, '=', '--cookie', n))) } : {}),
    }
  }
  if (f.sessionCookie) cfg.session = { cookie: f.sessionCookie }
  else if (f.sessionHeader) cfg.session = { header: f.sessionHeader }
  else if (f.sessionQuery) cfg.session = { query: f.sessionQuery }
  if (f.idleTimeout || f.absoluteTimeout)
    cfg.session = {
      ...(typeof cfg.session === 'object' ? cfg.session : {}),
      ...(f.idleTimeout ? { idle_timeout: f.idleTimeout } : {}),
      ...(f.absoluteTimeout ? { absolute_timeout: f.absoluteTimeout } : {}),
    }
  if (f.tokens !== undefined) cfg.tokens = { samples: f.tokens }
  const scope: Record<string, unknown> = {}
  if (f.rate !== undefined) scope.rate = f.rate
  if (f.timeout) scope.timeout = f.timeout
  if (f.budget) scope.budget = f.budget
  if (f.maxRequests !== undefined) scope.max_requests = f.maxRequests
  if (f.proxy) scope.proxy = f.proxy
  if (f.proxyCa) scope.proxy_ca = f.proxyCa
  if (Object.keys(scope).length) cfg.scope = scope
  if (f.insecure) cfg.insecure = true
  if (f.failOn) cfg.fail_on = f.failOn
  if (f.threshold !== undefined) cfg.threshold = f.threshold
  if (f.checks || f.excludeChecks)
    cfg.checks = { ...(f.checks ? { include: f.checks } : {}), ...(f.excludeChecks ? { exclude: f.excludeChecks } : {}) }
  if (f.baseline) cfg.baseline = f.baseline
  return cfg
}

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description("attack a running app's session handling and report what was proven")
    .argument('[url]', 'target origin, e.g. http://127.0.0.1:3000 (or target: in --config)')
    .option('-c, --config <file>', 'YAML config (flags override it; ${SG_…} environment variables are interpolated)')
    .option(
      '--allow-env <NAME>',
      'let the config file read this environment variable too (besides SG_*); a name, or a prefix like APP_* (repeatable)',
      collect,
      [],
    )
    .option('--login-url <path>', 'where credentials are POSTed')
    .option('--login-page <path>', 'page opened before login (pre-auth session, CSRF); default: --login-url')
    .addOption(
      new Option(
        '--login-type <type>',
        'login body type, or browser: a headless Chromium logs in like a user (single-page apps, SSO)',
      ).choices(['form', 'json', 'browser']),
    )
    .option(
      '--browser <path>',
      'Chromium/Chrome executable for --login-type browser (default: $SESSIONGUARD_BROWSER, else chromium on PATH); a config file can only name a system browser',
    )
    .option(
      '--screenshots',
      "keep a picture of the attacker's browser for each confirmed fixation of a browser login (off by default: a hostile page can paint a secret in pixels)",
    )
    .option('--username <name>', 'test account user name')
    .option('--password-env <VAR>', 'environment variable holding the test account password')
    .option('--username-field <name>', 'form/JSON field for the user name (default: found from the form)')
    .option('--password-field <name>', 'form/JSON field for the password (default: found from the form)')
    .option('--check-url <path>', 'page only a logged-in user can see; proves login and every attack')
    .option('--check-contains <text>', 'text the check page shows only when logged in')
    .option(
      '--totp-secret-env <VAR>',
      "environment variable holding the account's TOTP secret (base32 or otpauth:// URI): a second factor by TOTP (SG-FIX-MFA, SG-MFA-PARTIAL)",
    )
    .option('--mfa-page <path>', 'where the second-factor form is (default: where the password step ends)')
    .option('--mfa-url <path>', 'where the code is posted (default: the code form’s action)')
    .option('--mfa-field <name>', 'the code field (default: the form’s only code-like input)')
    .option(
      '--mfa-code-url <url>',
      'codes sent by mail/SMS: a URL that shows the latest one (a local mail catcher’s API; {username} replaced); naming it allows its origin',
    )
    .option('--mfa-code-pattern <regex>', 'where the code is in --mfa-code-url’s answer (first group), e.g. "code is (\\d{6})"')
    .option('--totp-period <seconds>', 'TOTP period (default 30)', int('--totp-period'))
    .option('--totp-digits <n>', 'TOTP digits (default 6)', int('--totp-digits'))
    .addOption(new Option('--totp-algorithm <name>', 'TOTP hash (default SHA1)').choices(['SHA1', 'SHA256', 'SHA512']))
    .option('--stepup-url <path>', "re-authentication endpoint (confirm your password), posted with the account's password (SG-FIX-STEPUP)")
    .option('--stepup-page <path>', 'page with the re-authentication form (default: --stepup-url)')
    .option('--stepup-check-url <path>', 'the elevated page, reachable only after re-authentication')
    .option('--stepup-check-contains <text>', 'text only the elevated page shows')
    .option('--logout-url <path>', 'logout endpoint (enables SG-LOGOUT)')
    .addOption(new Option('--logout-method <method>').choices(['GET', 'POST', 'DELETE']))
    .option('-H, --header <header>', "header sent on every request, 'Name: value' (repeatable)", collect, [])
    .option(
      '--public-header <name>',
      'a --header whose value may be shown in reports (every other header value is masked as a secret; repeatable)',
      collect,
      [],
    )
    .option('--cookie <cookie>', 'cookie sent on every request, name=value (repeatable)', collect, [])
    .option('--session-cookie <name>', 'the session is in this cookie (default: proven automatically)')
    .option('--session-header <name>', 'the session is in this request header')
    .option('--session-query <name>', 'the session is in this query parameter')
    .option(
      '--pre-login <path>',
      'a page that may start a pre-login session (a cart, a language switch); repeatable or comma-separated',
      collect,
      [],
    )
    .option(
      '--discovery-budget <n>',
      'requests the pre-login session discovery may spend beyond the login page (default 10)',
      int('--discovery-budget'),
    )
    .option('--discovery-browser', "look for the pre-login session in the attacker's own Chromium, running the pages' scripts")
    .option('--discovery-forms', 'let the pre-login discovery submit same-origin forms that do not look destructive')
    .option('--require <checks>', 'exit 1 when these families or SG-* ids could not run, e.g. fixation,lifecycle (repeatable)', collect, [])
    .option(
      '--idle-timeout <duration>',
      'the idle limit the app should enforce: wait past it and replay the session (timed SG-EXPIRY), e.g. 15m',
    )
    .option(
      '--absolute-timeout <duration>',
      'the absolute limit the app should enforce: keep the session busy past it and replay (timed SG-EXPIRY)',
    )
    .option(
      '--spec <file|url>',
      'OpenAPI 3.x or Swagger 2.0 document (a file, or a URL on the target): object URLs, and the login/check/logout when not given',
    )
    .option(
      '--account <name:username:PASSWORD_ENV[:TOTP_ENV]>',
      'a test account for the cross-account (IDOR) checks, password (and TOTP secret) from the environment (repeatable; two are needed)',
      collect,
      [],
    )
    .option('--object <template>', "an object URL to replay across accounts, e.g. '/orders/{id}' (repeatable)", collect, [])
    .option('--public <pattern>', "a resource meant for everyone, never reported, e.g. '/announcements/*' (repeatable)", collect, [])
    .option(
      '--allow-unsafe-methods',
      'also replay PUT/PATCH/POST/DELETE across accounts (CAN CHANGE OR DELETE DATA; disposable environments only)',
    )
    .option('--tokens <n>', 'sample n session ids and analyse their randomness', int('--tokens'))
    .option('--rate <n>', 'requests per second (default 50; unlimited on loopback)', int('--rate'))
    .option('--timeout <duration>', 'per-request timeout, e.g. 10s')
    .option('--budget <duration>', 'time budget for the whole scan, e.g. 2m')
    .option('--max-requests <n>', 'request budget for the whole scan', int('--max-requests'))
    .option('-k, --insecure', 'accept TLS certificates that do not verify (test targets only)')
    .option(
      '--proxy <url>',
      'send every request (the browser login too) through this proxy, e.g. http://127.0.0.1:8080 (Burp, ZAP, mitmproxy)',
    )
    .option('--proxy-env', 'use the proxy HTTPS_PROXY / HTTP_PROXY name for the target (NO_PROXY honoured); never without this flag')
    .option('--proxy-ca <file>', "PEM file of an intercepting proxy's CA, trusted for the target's TLS")
    .addOption(new Option('-f, --format <format>', 'report format on stdout').choices([...FORMATS]).default('pretty'))
    .option(
      '-o, --output <file>',
      'also write the report to a file; format from the extension (.json .sarif .xml .md .html .txt .har); repeatable',
      collect,
      [],
    )
    .option(
      '--har-all',
      'HAR (.har, --format har): every request of the scan, not only the proof of each finding (bulk id samples excepted)',
    )
    .addOption(
      new Option(
        '--fail-on <severity>',
        `exit 1 when a finding of this severity or worse is found (default: ${DEFAULT_FAIL_ON}); none: never on findings`,
      ).choices([...SEVERITIES, 'none']),
    )
    // the Action's "fail-on: none": the config file decides, and without fail_on there nothing fails on findings
    .addOption(new Option('--default-fail-on <severity>').choices([...SEVERITIES, 'none']).hideHelp())
    .option(
      '--checks <ids>',
      'report only these checks: SG-* ids or families (fixation, lifecycle, cookies, tokens, authorization, privilege), comma-separated',
      list,
    )
    .option('--exclude-checks <ids>', 'never report these checks (ids or families, comma-separated)', list)
    .option(
      '--ignore-file <file>',
      'accepted findings (YAML/JSON list of {check, carrier?, reason, expires?}): reported as suppressed, never failing the gate',
    )
    .option('--baseline <report.json>', 'an earlier JSON report: the gate fails only on findings it does not have')
    .option('--threshold <score>', 'exit 1 when the score is below this (0-100)', int('--threshold'))
    .option('-q, --quiet', 'no progress display')
    .option('--no-color', 'no colour in the terminal report')
    .option(
      '--source <dir>',
      "also check the app's source and lockfiles (as sessionguard check) and join both: findings get their handler's file and line",
    )
    .option('--source-exclude <path>', 'with --source: leave this folder of the project out (repeatable)', collect, [])
    .option('--save', 'record the scan in the local history (see `sessionguard history`)')
    .option('--data-dir <dir>', 'history directory (default ~/.sessionguard)')
    .addHelpText(
      'after',
      `
Examples:
  SG_PASSWORD=… sessionguard scan http://127.0.0.1:3000 --login-url /login --username alice \\
      --password-env SG_PASSWORD --check-url /account --logout-url /logout
  SG_A=… SG_B=… sessionguard scan http://127.0.0.1:3000 --spec /path/openapi.yaml \\
      --account alice:alice@example.com:SG_A --account bob:bob@example.com:SG_B
  sessionguard scan --config sessionguard.yml --format sarif -o report.sarif --fail-on high
  SG_PASSWORD=… SG_TOTP=… sessionguard scan http://127.0.0.1:3000 --login-url /login --username alice \\
      --password-env SG_PASSWORD --totp-secret-env SG_TOTP --check-url /account \\
      --stepup-url /sudo --stepup-check-url /settings/security --stepup-check-contains Elevated

The gate: without --fail-on a high or critical finding fails the scan (exit 1); the JSON report
records the gate it was judged by (gate.failOn). Suppressed findings (--ignore-file, --baseline)
are listed in every report format and never fail it.

When --budget or --max-requests runs out after some check gave a verdict, the report is written with
what was proven and the checks it cut as not tested, and the gate decides the exit code; when it runs
out before any verdict, the scan fails with SG_BUDGET_EXHAUSTED (exit 3).

Exit codes: 0 passed · 1 findings at/over --fail-on (default high), score under --threshold, or a --require'd check that could not run · 2 usage or configuration error (also: an expired ignore entry) · 3 target unreachable or scan error`,
    )
    .action(async (url: string | undefined, flags: ScanFlags) => {
      // a config file (often the scanned repository's) reads SG_* variables and the ones named here, nothing else
      const access = { allowEnv: allowEnvEntries(flags.allowEnv ?? []) }
      const file = flags.config ? await loadConfigFile(flags.config, process.env, access, { pipes: true }) : undefined
      const given = flagsToConfig(url, flags, process.env)
      const merged = mergeConfig(file?.input ?? {}, given)
      // the ignore file adds to the config's ignore: list; both are validated together below
      if (flags.ignoreFile)
        merged.ignore = [
          ...((merged.ignore as unknown[] | undefined) ?? []),
          ...(await loadIgnoreFile(flags.ignoreFile, process.env, access)),
        ]
      if (merged.target === undefined)
        throw new ConfigError('no target: pass a URL (sessionguard scan http://127.0.0.1:3000) or set target: in --config')
      // the environment's proxy only when asked: a stray HTTPS_PROXY must not carry a scan somewhere unnoticed
      const fromEnv =
        flags.proxyEnv && !flags.proxy && typeof merged.target === 'string' ? proxyFromEnv(merged.target, process.env) : undefined
      if (fromEnv) {
        merged.scope = { ...((merged.scope as object | undefined) ?? {}), proxy: fromEnv.url }
        given.scope = { ...((given.scope as object | undefined) ?? {}), proxy: fromEnv.url }
      }
      const config = resolveConfig(merged, {
        ...(file ? { positionOf: file.positionOf, source: file.source } : {}),
        flags: { values: given, names: FLAG_FOR_KEY },
      })
      const outputs = flags.output.map((path) => {
        const format = formatForExtension(extname(path))
        if (!format)
          throw new ConfigError(`--output ${path}: unknown extension; use one of ${Object.values(FORMAT_EXTENSIONS).flat().join(' ')}`)
        return { path, format }
      })
      // report directories exist before the scan, so a bad -o costs nothing and exits 2, never 3 after the work
      for (const o of outputs) await ensureDirectory(o.path)
      const progress = progressPrinter({ quiet: Boolean(flags.quiet) })
      const history = flags.save || flags.dataDir ? await historySink(flags.dataDir) : undefined
      let assessment
      try {
        assessment = await assess(config, {
          onProgress: progress.onProgress,
          // an origin named on the command line is the operator's choice; a config file's code_url stays on loopback or the target
          ...(flags.mfaCodeUrl ? { codeOrigins: [new URL(flags.mfaCodeUrl).origin] } : {}),
          ...(flags.source ? { source: { dir: flags.source, exclude: flags.sourceExclude ?? [] } } : {}),
          ...(flags.browser ? { browser: flags.browser } : {}),
          ...(flags.screenshots ? { screenshots: true } : {}),
          ...(flags.defaultFailOn ? { defaultFailOn: flags.defaultFailOn } : {}),
          ...(history ? { history } : {}),
          ...(flags.harAll ? { traffic: true } : {}),
        })
      } finally {
        progress.done()
      }
      const { report, verdict } = assessment
      const color = flags.format === 'pretty' && useColor(flags.color !== false)
      // SARIF results get a file location only from a real file: the config, at the line that names the target
      const targetKey = file?.positionOf(['target'])
      const artifact = flags.config
        ? {
            artifactUri: relative(process.cwd(), flags.config).split(sep).join('/'),
            ...(targetKey?.exact ? { artifactLine: targetKey.line } : {}),
          }
        : {}
      process.stdout.write(render(report, flags.format, { color, ...artifact }))
      for (const o of outputs) await writeFile(o.path, render(report, o.format, { color: false, ...artifact }))
      if (assessment.historyError !== undefined) throw assessment.historyError
      if (report.budgetExhausted)
        process.stderr.write(
          `sessionguard: warning: the scan's budget ran out (${report.budgetExhausted}): ${cutByBudget(report).length} check(s) it cut are not tested, the findings proven before it stand; raise --budget / --max-requests\n`,
        )
      if (!verdict.passed) process.stderr.write(`sessionguard: gate failed: ${verdict.reasons.join('; ')}\n`)
      process.exitCode = verdict.exitCode
    })
}

/** The local history as the scan's record keeper; loaded only when asked for, so a plain scan never opens a store. */
async function historySink(dataDir: string | undefined): Promise<HistorySink> {
  const { saveToHistory } = await import('./history.js')
  return { save: (report) => saveToHistory(report, { dataDir, source: 'cli' }) }
}
