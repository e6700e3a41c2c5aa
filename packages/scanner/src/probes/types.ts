import type { ScanConfig } from '../config/schema.js'
import type { HttpEngine } from '../http/client.js'
import type { Redactor } from '../http/redact.js'
import type { Scope } from '../http/scope.js'
import type { ActorSession } from '../actors/session.js'
import type { Access, Account, LoginFlow } from '../login/flow.js'
import type { Carrier, CheckOutcome, Exchange, Finding } from '../model/finding.js'
import type { FrameworkGuess, TokenSummary } from '../model/report.js'
import type { ProgressEvent } from '../report/progress.js'
import type { PreLoginDiscovery } from '../scan/pre-login.js'

export interface IssuedCookie {
  name: string
  value: string
  /** The raw Set-Cookie header, for attribute checks. */
  header: string
}

/** What the scan learned about the target before attacking it. Probes read it; they never change it. */
export interface TargetModel {
  framework: FrameworkGuess
  /** Where a fresh client is given a session id (the login page, or the target URL without a login). */
  issuingPath: string
  /** Cookies a fresh client receives at the issuing point, with their attributes. */
  issued: IssuedCookie[]
  /** Evidence of the fresh visit. */
  issuingExchanges: Exchange[]
  carrier?: ProvenCarrier
}

export interface ProvenCarrier {
  /** The identifier that carries the session (the first one whose removal loses access). */
  primary: Carrier
  /** Every carrier whose removal loses access (some apps need two cookies). */
  required: Carrier[]
  /** Other places the same session id is also accepted (e.g. the cookie value sent as X-Session-Id). */
  accepted: Carrier[]
  provenBy: string
  evidence: Exchange[]
}

export interface LoginContext {
  flow: LoginFlow
  account: Account
  /** The scanner's own logged-in session; probes that need one call `ensureMain()` first. */
  main: ActorSession
  /** Re-establishes the main session when it was lost (401/403, redirect to login, password field again). */
  ensureMain(): Promise<{ session: ActorSession; access: Access }>
}

export interface ProbeContext {
  config: ScanConfig
  scope: Scope
  http: HttpEngine
  redactor: Redactor
  target: TargetModel
  login?: LoginContext
  progress(e: ProgressEvent): void
}

export interface ProbeResult {
  findings: Finding[]
  outcomes: CheckOutcome[]
  notes?: string[]
  /** Set by the token probe: what the report plots. */
  tokens?: TokenSummary
  /** Set by the pre-login probe: where the attacker looked for a pre-login session. */
  preLogin?: PreLoginDiscovery
  /** Fixation checks found through each honoured carrier ("cookie koa.sess" → ids). */
  byCarrier?: Record<string, string[]>
}

export interface Probe {
  name: string
  run(ctx: ProbeContext): Promise<ProbeResult>
}
