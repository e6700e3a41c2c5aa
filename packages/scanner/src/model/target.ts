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
export type PreLoginVia =
  'login page' | 'session start' | 'named page' | 'root' | 'check URL' | 'repeat visit' | 'failed login' | 'link' | 'form'

/**
 * How to make the server hand out (or keep) a session the way this visit did, with whatever id the
 * client carries: the adoption checks replay it with an invented id.
 */
export type PlantRoute =
  | {
      kind: 'request'
      method: string
      path: string
      body?: string
      /** What a report shows for `body` when a page's script wrote it (record.ts PAGE_BODY). */
      shownBody?: string
      contentType?: string
    }
  | { kind: 'form'; page: string; form: number }
  | { kind: 'failed login' }
  | { kind: 'session start' }

export interface PreLoginVisit {
  path: string
  via: PreLoginVia
  /** GET unless a form or a start request sent something else. */
  method?: string
  /** Names of the session carriers this visit handed over (empty: nothing of the session). */
  issued: string[]
  /** The request that issued them when it was not the page itself ("GET /api/session", sent by the page's script). */
  request?: string
  /** Why the page could not be visited (a redirect loop, no answer in time): one unvisited page, never the end of the scan. */
  error?: string
  /** How to replay what issued the session, for the adoption checks (not reported). */
  plant?: PlantRoute
  /** The exchanges of this visit when it issued part of the session: a fresh client is given a new id here (not reported). */
  exchanges?: Exchange[]
}

export interface PreLoginSource {
  path: string
  via: PreLoginVia
  /** A page a victim would reach by ordinary browsing (false: only an action of the attacker, such as a failed login). */
  natural: boolean
  /** carrier name → the value the attacker now holds, for every carrier of the set. */
  values: Record<string, string>
  /** The exchanges that issued it: the proof starts here. */
  exchanges: Exchange[]
  /** The request that issued it, when the page's script (or a later step) sent it: "GET /api/session". */
  request?: string
}

/** What the attacker's browser spent on discovery, against its stated budget. */
export interface BrowserDiscoveryUse {
  pages: number
  pageBudget: number
  timeMs: number
  timeBudgetMs: number
  /** Requests the browser made to the target while discovering (not counted in the scan's request count). */
  requests: number
}

export interface PreLoginDiscovery {
  found?: PreLoginSource
  visited: PreLoginVisit[]
  /** Requests allowed beyond the login page (pages the user named are always visited), and how many were spent. */
  budget: number
  used: number
  /** Forms seen on pre-login pages and not submitted (discovery.forms is off, or they look destructive), by method and number: "POST form 2" (the action is the page's text). */
  formsSeen: string[]
  /** Set when the attacker's own browser did the discovery. */
  browser?: BrowserDiscoveryUse
  /** What the report must say about the discovery (a page that could not be visited, the browser's time running out). */
  notes: string[]
}
