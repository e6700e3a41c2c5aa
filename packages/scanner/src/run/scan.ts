import { randomUUID } from 'node:crypto'
import { readBoundedText } from '../config/read-file.js'
import { parseProxy, type UpstreamProxy } from '../http/proxy.js'
import type { ScanConfig, ScanConfigInput } from '../config/schema.js'
import { resolveConfig } from '../config/load.js'
import type { EnvAccess } from '../config/env-access.js'
import { HttpEngine } from '../http/client.js'
import { Redactor } from '../http/redact.js'
import { maskedProgress } from './progress-masked.js'
import { learnUrlCarried, urlCarrierNames } from './url-carried.js'
import { headerCarrierNames, learnHeaderCarried } from './header-carried.js'
import { learnResponseCredentials } from './response-credentials.js'
import { carrierSetting } from '../config/session-setting.js'
import { Scope } from '../http/scope.js'
import { storedCookieValue } from '../http/set-cookie.js'
import { ActorSession } from '../actors/session.js'
import { LoginFlow } from '../login/flow.js'
import { checkFor } from '../login/account-check.js'
import { ConfigError } from '../errors.js'
import { fingerprint } from '../knowledge/fingerprint.js'
import { CHECK_IDS, SCAN_CHECK_IDS, type CheckOutcome, type Finding } from '../model/finding.js'
import { REPORT_SCHEMA_ID, REPORT_SCHEMA_VERSION, type ScanReport, type TokenSummary } from '../model/report.js'
import type { ProgressEvent } from '../model/progress.js'
import { SCANNER_VERSION } from '../version.js'
import type { LoginContext, ProbeContext, TargetModel } from '../checks/types.js'
import { PROBES } from '../checks/probes.js'
import { runProbe } from './run-probe.js'
import { proveCarrier, visitIssuingPoint } from '../target/discover.js'
import { scoreFindings } from './score.js'
import { withSpec } from '../openapi/index.js'
import { learnConfiguredSecrets } from './configured-secrets.js'
import { BrowserLoginDriver } from '../login/browser/driver.js'
import { attachScreenshots } from '../login/browser/screenshot.js'
import { applyTriage, assertIgnoreCurrent, selectedChecks } from '../triage/apply.js'
import { timedExpiryMs } from '../checks/lifecycle/expiry-timed.js'
import { proveOtherCarriers } from '../checks/more-carriers.js'
import type { PreLoginDiscovery } from '../checks/fixation/pre-login.js'
import { coverageOf, gradeLabel, isComplete, requiredChecks } from './coverage.js'
import { carrierTable, preLoginReport } from './carrier-table.js'
import { SYSTEM_CLOCK, type Clock } from '../login/mfa/clock.js'
import { mfaWaitAllowanceMs, secondFactors } from '../login/mfa/accounts.js'
import type { SourceOptions } from '../source/index.js'

export interface ScanOptions {
  onProgress?: (e: ProgressEvent) => void
  signal?: AbortSignal
  /** Time for TOTP codes and their waits (tests pass their own; default the system clock). */
  clock?: Clock
  /** Origins the operator allows login.mfa.code_url on, besides loopback and the target's (the CLI's --mfa-code-url). */
  codeOrigins?: string[]
  /** Where totp_secret_env is looked up (default process.env). */
  env?: NodeJS.ProcessEnv
  /** Variables beyond SG_* a config's totp_secret_env may name (the operator's --allow-env); a loaded file has them resolved already. */
  envAccess?: EnvAccess
  /** `--source DIR`: also check the application's source and lockfiles, and join the two by the login route. */
  source?: SourceOptions & { dir: string }
  /**
   * The browser a browser login runs: a path, or a name on PATH; default SESSIONGUARD_BROWSER, else
   * the system's Chromium. An option, not a config key: which program runs is the caller's decision.
   */
  browser?: string
  /**
   * Keep a screenshot of the attacker's browser for confirmed fixations of a browser login. Off by
   * default: a hostile page can paint a secret in pixels (docs/browser-login.md says what is checked).
   */
  screenshots?: boolean
  /** Put every exchange of the scan (bar the bulk id samples) in `report.traffic`, redacted, e.g. for a HAR of the whole scan. */
  traffic?: boolean
}

/** Runs a full assessment of one target: config → target model → probes → findings → report. */
export async function scan(input: ScanConfigInput | ScanConfig, opts: ScanOptions = {}): Promise<ScanReport> {
  // validation is idempotent, so a config the caller already resolved passes through unchanged
  let config = resolveConfig(input)
  // an expired acceptance stops the scan before it sends anything
  assertIgnoreCurrent(config.ignore)
  requiredChecks(config.require)
  const redactor = new Redactor()
  const setting = carrierSetting(config.session)
  const configuredHeader = typeof setting === 'object' && 'header' in setting ? setting.header : undefined
  // before the first request (the API description is fetched with the supplied headers, and its errors quote the target)
  learnConfiguredSecrets(redactor, config)
  // the engine is made below: progress lines quote the target too (a page, a reason), masked like the report with every id it has seen so far
  const made: { engine?: HttpEngine; target?: TargetModel; login?: LoginContext } = {}
  const progress = maskedProgress(
    redactor,
    opts.onProgress,
    () => made.engine?.observations,
    () => urlCarrierNames(made.target?.carrier, made.login?.main.carry ?? [], made.engine?.observations),
  )
  const started = new Date()
  // the source is read first: a wrong directory stops the scan before it sends anything
  if (opts.source) progress({ kind: 'phase', phase: 'source', detail: opts.source.dir })
  // loaded only for --source: a plain scan does not pay for the parsers
  const sourcing = opts.source ? await import('./check.js') : undefined
  const sourceResult = opts.source && sourcing ? await sourcing.checkSource(opts.source.dir, opts.source) : undefined
  // a refused target or proxy is quoted in its error: masked with the secrets learned above, like every later error
  const { scope, proxy } = await redactedErrors(redactor, async () => ({
    scope: new Scope(config.target),
    proxy: await upstreamProxy(config),
  }))
  for (const secret of proxy?.secrets ?? []) redactor.addPassword(secret)
  const http = new HttpEngine(scope, {
    timeoutMs: config.scope.timeout,
    budgetMs: config.scope.budget + timedExpiryMs(config) + mfaWaitAllowanceMs(config),
    maxRequests: config.scope.max_requests ?? 1000 + Math.ceil(config.tokens.samples * 1.1),
    // unlimited only once the sockets show the target is this machine; a host name can lie
    rate: config.scope.rate ?? 50,
    // through a proxy the socket is the proxy's: nothing shows the target is this machine, so the rate is never lifted
    ...(config.scope.rate === undefined && !proxy ? { loopbackRate: 100_000 } : {}),
    ...(proxy
      ? {
          proxy: {
            origin: proxy.origin,
            ...(proxy.authorization ? { authorization: proxy.authorization } : {}),
            ...(proxy.ca ? { ca: proxy.ca } : {}),
          },
        }
      : {}),
    followRedirects: config.scope.follow_redirects,
    maxRedirects: config.scope.max_redirects,
    maxBody: config.scope.max_body,
    insecure: config.insecure,
    headers: config.request.headers,
    cookies: config.request.cookies,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.traffic ? { traffic: true } : {}),
  })
  made.engine = http
  const notes: string[] = []
  let browser: BrowserLoginDriver | undefined
  try {
    // every account's second factor, built before the first request: a missing or refused secret stops the scan here
    const factors = secondFactors(config, {
      clock: opts.clock ?? SYSTEM_CLOCK,
      signal: http.signal,
      env: opts.env ?? process.env,
      envAccess: opts.envAccess ?? {},
      targetOrigin: scope.origin,
      codeOrigins: opts.codeOrigins ?? [],
      timeoutMs: config.scope.timeout,
      onCode: (code) => redactor.addPassword(code),
    })
    // an API description (spec:) proposes the login, check and logout the config leaves out
    const specApplied = await withSpec(config, http, scope)
    config = specApplied.config
    notes.push(...specApplied.notes)
    // again: what the API description added to the config is a secret too
    learnConfiguredSecrets(redactor, config)
    const accounts = accountsOf(config)
    // the main account proves its login with its own check when the config gives it one
    const login =
      config.login && accounts[0]?.check ? { ...config.login, check: checkFor(config.login.check, accounts[0], accounts[0]) } : config.login

    progress({ kind: 'phase', phase: 'discover', detail: scope.origin })
    const issuingPath = login ? (login.page ?? login.url) : `${scope.base.pathname}${scope.base.search}`
    const issuing = await visitIssuingPoint(http, issuingPath)
    await http.send({
      actor: 'anonymous',
      path: `/sessionguard-${randomUUID().slice(0, 8)}-not-found`,
      note: 'a page that does not exist, for the error page',
    })
    const framework = fingerprint({
      responses: http.observations.map((o) => ({ url: o.url, status: o.status, headers: o.headers, body: o.body.slice(0, 4096) })),
      cookieNames: issuing.issued.map((i) => i.name),
    })
    if (config.insecure && scope.isHttps) notes.push('TLS certificate verification was disabled (--insecure).')
    if (proxy)
      notes.push(
        `Every request went through the proxy ${proxy.origin}${proxy.ca ? ' (its CA trusted for TLS)' : ''}; the rate limit (${config.scope.rate ?? 50}/s) applied, since the address the scan connected to was the proxy's.`,
      )
    const target: TargetModel = { framework, issuingPath, issued: issuing.issued, issuingExchanges: issuing.response.exchanges }
    made.target = target

    let loginCtx: LoginContext | undefined
    if (login) {
      progress({ kind: 'phase', phase: 'login', detail: login.url })
      // a browser login drives Chromium; discovery.browser lends it to the attacker's discovery only
      if (login.type === 'browser' || login.discovery.browser) browser = new BrowserLoginDriver(config, scope, http, opts.browser, redactor)
      const flow = new LoginFlow(http, login, login.type === 'browser' ? browser : undefined, factors, redactor)
      const account = accounts[0]!
      const anonymous = await flow.access(new ActorSession('anonymous'), 'control: the check URL without any session')
      if (anonymous.authenticated) {
        throw new ConfigError(
          `${login.check.url} answers as logged in without any session (${anonymous.reason}); set login.check.contains to text only a logged-in user sees`,
        )
      }
      const main = new ActorSession('scanner')
      for (const [k, v] of Object.entries(config.request.cookies)) main.jar.give(k, v, scope.base.href)
      const { attempt, access } = await flow.establish(main, account)
      progress({ kind: 'phase', phase: 'carrier', detail: 'proving which identifier carries the session' })
      target.carrier = await proveCarrier(config, scope, flow, main, attempt, access)
      await proveOtherCarriers(scope, flow, main, target.carrier, Object.keys(config.request.cookies), framework.id === 'spring')
      const ctxLogin: LoginContext = {
        flow,
        account,
        main,
        ...(browser ? { browser } : {}),
        async ensureMain() {
          const now = await flow.access(ctxLogin.main, 'is the scanner still logged in?')
          if (now.authenticated) return { session: ctxLogin.main, access: now }
          progress({ kind: 'warning', message: `scanner session lost (${now.reason}); logging in again` })
          const fresh = new ActorSession('scanner')
          for (const [k, v] of Object.entries(config.request.cookies)) fresh.jar.give(k, v, scope.base.href)
          const again = await flow.establish(fresh, account)
          ctxLogin.main = fresh
          return { session: fresh, access: again.access }
        },
      }
      loginCtx = ctxLogin
      made.login = ctxLogin
    }

    const ctx: ProbeContext = { config, scope, http, redactor, target, progress, ...(loginCtx ? { login: loginCtx } : {}) }
    const findings: Finding[] = []
    const outcomes: CheckOutcome[] = []
    let tokens: TokenSummary | undefined
    let preLogin: PreLoginDiscovery | undefined
    // a probe none of whose checks is selected sends nothing: a left-out check costs no request
    const selected = selectedChecks(config.checks)
    for (const probe of PROBES) {
      if (!probe.checks.some((id) => selected.has(id))) continue
      progress({ kind: 'phase', phase: probe.name })
      const result = await runProbe(probe, ctx)
      findings.push(...result.findings)
      outcomes.push(...result.outcomes)
      if (result.notes) notes.push(...result.notes)
      if (result.tokens) tokens = result.tokens
      if (result.preLogin) preLogin = result.preLogin
    }
    for (const id of SCAN_CHECK_IDS)
      if (!outcomes.some((o) => o.id === id)) outcomes.push({ id, status: 'not-tested', reason: 'not run by this scan' })
    // a budget that ran out before any check could give a verdict leaves nothing to report or gate: the
    // scan ends as one that never reached the target; after a verdict, what was proven is the report
    const spent = http.exhausted()
    if (spent && !outcomes.some((o) => o.status === 'passed' || o.status === 'failed')) throw spent
    // (a budget spent by the very last request cut nothing)
    const cut = spent && outcomes.some((o) => o.reason?.includes(spent.message)) ? spent : undefined
    if (cut) {
      notes.push(
        `The scan's budget ran out (${cut.message}): the checks it cut are reported as not tested; findings proven before it stand. Raise scope.budget / scope.max_requests (--budget, --max-requests) for a complete scan.`,
      )
    }

    // what the engine refused or cut (a body over max_body, a redirect off the origin) is part of the verdict's context
    notes.push(...http.incidents)
    // every id the scan saw is a secret in the report, whichever exchange it appears in
    for (const o of http.observations) for (const sc of o.setCookies) redactor.addSecret(storedCookieValue(sc))
    if (loginCtx) for (const d of loginCtx.main.carry) redactor.addSecret(d.value)
    const recorded = [
      ...issuing.response.exchanges,
      ...(target.carrier?.evidence ?? []),
      ...findings.flatMap((f) => f.evidence),
      ...(http.traffic ?? []),
    ]
    // an id carried only in a URL (?sid=, ;jsessionid=) is never Set-Cookie'd: learned from every URL and Location recorded
    learnUrlCarried(redactor, urlCarrierNames(target.carrier, loginCtx?.main.carry ?? [], http.observations), http.observations, recorded)
    // a credential-named parameter in any URL the target sent (Refresh, meta refresh, a form action, a script)
    learnResponseCredentials(redactor, http.observations, recorded)
    // an id carried in a header: every one it held, not only the current session's (a replaced one is in the older exchanges)
    learnHeaderCarried(
      redactor,
      headerCarrierNames(target.carrier, loginCtx?.main.carry ?? [], configuredHeader),
      http.observations,
      recorded,
    )
    if (browser && login?.type === 'browser')
      notes.push(...(await attachScreenshots(browser, findings, login, redactor, scope.origin, opts.screenshots === true)))
    if (browser) notes.push(...browser.notes)
    const finished = new Date()
    const score = scoreFindings(findings, outcomes)
    const coverage = coverageOf(outcomes)
    const complete = isComplete(outcomes)
    const report: ScanReport = {
      $schema: REPORT_SCHEMA_ID,
      schemaVersion: REPORT_SCHEMA_VERSION,
      tool: { name: 'sessionguard', version: SCANNER_VERSION },
      scanId: randomUUID(),
      target: scope.base.href,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
      requestCount: http.requestCount,
      framework,
      session: {
        loginConfigured: Boolean(login),
        issued: issuing.issued.map((i) => ({ kind: 'cookie' as const, name: i.name })),
        ...(target.carrier
          ? { carrier: target.carrier.primary, provenBy: target.carrier.provenBy, carriers: carrierTable(target.carrier, findings) }
          : {}),
        ...(preLogin ? { preLogin: preLoginReport(preLogin) } : {}),
      },
      score,
      coverage,
      complete,
      gradeLabel: gradeLabel(score, coverage, complete),
      findings: sortFindings(findings),
      checks: sortOutcomes(outcomes),
      ...(cut ? { budgetExhausted: cut.message } : {}),
      ...(tokens ? { tokens } : {}),
      notes: [...new Set(notes)],
      ...(http.traffic ? { traffic: http.traffic } : {}),
    }
    // joined before redaction, so the scan's secrets (the test password, planted ids) are masked in code excerpts too
    const withSource =
      sourceResult && sourcing ? sourcing.addSource(report, sourceResult, login ? { method: 'POST', path: login.url } : undefined) : report
    // the whole report, not chosen fields: a target's text can reach titles, reasons and notes too
    const redacted = redactor.report(withSource)
    if (redactor.withheld > 0)
      redacted.notes.push(
        `${redactor.withheld} text(s) of the evidence were withheld whole: the target's values made them too costly to check for secrets in bounded time`,
      )
    redacted.notes = [...new Set(redacted.notes)]
    const triaged = applyTriage(redacted, {
      ...(config.checks ? { checks: config.checks } : {}),
      ...(config.ignore ? { ignore: config.ignore } : {}),
    })
    if (triaged === redacted) return redacted
    // triage may set checks aside and findings off the score: coverage and the label follow what is reported
    if (triaged.source && sourcing) return sourcing.withCoverage(triaged)
    const triagedCoverage = coverageOf(triaged.checks)
    const triagedComplete = isComplete(triaged.checks)
    return {
      ...triaged,
      coverage: triagedCoverage,
      complete: triagedComplete,
      gradeLabel: gradeLabel(triaged.score, triagedCoverage, triagedComplete),
    }
  } catch (err) {
    // an error can quote what the target answered (a redirect to /denied/<the password>): masked like
    // the report, with every id the scan saw so far
    for (const o of http.observations) for (const sc of o.setCookies) redactor.addSecret(storedCookieValue(sc))
    learnUrlCarried(redactor, urlCarrierNames(made.target?.carrier, made.login?.main.carry ?? [], http.observations), http.observations)
    learnResponseCredentials(redactor, http.observations)
    learnHeaderCarried(
      redactor,
      headerCarrierNames(made.target?.carrier, made.login?.main.carry ?? [], configuredHeader),
      http.observations,
    )
    throw redactor.error(err)
  } finally {
    await browser?.close()
    await http.close()
  }
}

async function redactedErrors<T>(redactor: Redactor, step: () => Promise<T>): Promise<T> {
  try {
    return await step()
  } catch (err) {
    throw redactor.error(err)
  }
}

function accountsOf(config: ScanConfig) {
  return config.login ? (Array.isArray(config.login.credentials) ? config.login.credentials : [config.login.credentials]) : []
}

/** The configured upstream proxy, its CA read (a file the operator named in --proxy-ca or scope.proxy_ca). */
async function upstreamProxy(config: ScanConfig): Promise<(UpstreamProxy & { ca?: string }) | undefined> {
  if (!config.scope.proxy) {
    if (config.scope.proxy_ca)
      throw new ConfigError('scope.proxy_ca (--proxy-ca) is for an intercepting proxy: set scope.proxy (--proxy) too')
    return undefined
  }
  const proxy = parseProxy(config.scope.proxy, 'scope.proxy (--proxy)')
  if (!config.scope.proxy_ca) return proxy
  let ca: string | undefined
  try {
    // bounded: the operator may name any path here (a device, a huge file), never read past 1 MiB
    ca = await readBoundedText(config.scope.proxy_ca, 1024 * 1024)
  } catch (err) {
    throw new ConfigError(
      `scope.proxy_ca (--proxy-ca) ${config.scope.proxy_ca}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    )
  }
  if (ca === undefined || !/-----BEGIN CERTIFICATE-----/.test(ca))
    throw new ConfigError(`scope.proxy_ca (--proxy-ca) ${config.scope.proxy_ca}: not a PEM certificate (-----BEGIN CERTIFICATE-----)`)
  return { ...proxy, ca }
}

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info']
function sortFindings(f: Finding[]): Finding[] {
  return [...f].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.id.localeCompare(b.id))
}
function sortOutcomes(o: CheckOutcome[]): CheckOutcome[] {
  const seen = new Map<string, CheckOutcome>()
  // a check two probes judge (SG-EXPIRY: timed replay, cookie lifetime) is failed when either failed, else the first word stands
  for (const x of o) if (!seen.has(x.id) || (x.status === 'failed' && seen.get(x.id)!.status !== 'failed')) seen.set(x.id, x)
  return CHECK_IDS.filter((id) => seen.has(id)).map((id) => seen.get(id)!)
}
