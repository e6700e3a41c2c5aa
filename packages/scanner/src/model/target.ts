import type { Carrier, Exchange } from './finding.js'
import type { FrameworkGuess } from './report.js'

// The target model: what a scan learns about the target before attacking it (discovery, the proven
// carrier). target/discover.ts builds it; the checks read it.

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

// Where the attacker looked for a pre-login session (the fixation checks' discovery), and what it found.
export type PreLoginVia = 'login page' | 'named page' | 'root' | 'check URL' | 'repeat visit' | 'failed login' | 'link' | 'form'

export interface PreLoginVisit {
  path: string
  via: PreLoginVia
  /** Names of the session carriers this visit handed over (empty: nothing of the session). */
  issued: string[]
}

export interface PreLoginSource {
  path: string
  via: PreLoginVia
  /** A page a victim would reach by ordinary browsing (false: only an action the attacker takes, such as a failed login). */
  natural: boolean
  /** carrier name → the value the attacker now holds, for every carrier of the set. */
  values: Record<string, string>
  /** The exchanges that issued it: the proof starts here. */
  exchanges: Exchange[]
}

export interface PreLoginDiscovery {
  found?: PreLoginSource
  visited: PreLoginVisit[]
  /** Requests allowed beyond the login page (pages the user named are always visited), and how many were spent. */
  budget: number
  used: number
}
