export type { IssuedCookie, ProvenCarrier, TargetModel } from '../model/target.js'
import type { ScanConfig } from '../config/schema.js'
import type { HttpEngine } from '../http/client.js'
import type { Redactor } from '../http/redact.js'
import type { Scope } from '../http/scope.js'
import type { ActorSession } from '../actors/session.js'
import type { Access, Account, LoginFlow } from '../login/flow.js'
import type { CheckId, CheckOutcome, Finding } from '../model/finding.js'
import type { TokenSummary } from '../model/report.js'
import type { TargetModel } from '../model/target.js'
import type { ProgressEvent } from '../model/progress.js'
import type { PreLoginDiscovery } from '../model/target.js'
import type { BrowserLoginDriver } from '../login/browser/driver.js'

export interface LoginContext {
  flow: LoginFlow
  account: Account
  /** The scanner's own logged-in session; probes that need one call `ensureMain()` first. */
  main: ActorSession
  /** Re-establishes the main session when it was lost (401/403, redirect to login, password field again). */
  ensureMain(): Promise<{ session: ActorSession; access: Access }>
  /** The attacker's browser for the pre-login discovery: set for a browser login, or with login.discovery.browser. */
  browser?: BrowserLoginDriver
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
  /** The checks whose outcomes this probe reports: a scan whose selection leaves out all of them skips the probe. */
  checks: readonly CheckId[]
  run(ctx: ProbeContext): Promise<ProbeResult>
}
