import { adoptProbe } from './fixation/adopt.js'
import { fixLoginProbe } from './fixation/fix-login.js'
import { urlProbe } from './fixation/url.js'
import { tokensProbe } from './tokens/tokens.js'
import { logoutProbe } from './lifecycle/logout.js'
import { expiryTimedProbe } from './lifecycle/expiry-timed.js'
import { expiryLifetimeProbe } from './lifecycle/expiry-lifetime.js'
import { cookiesProbe } from './cookies/cookies.js'
import { idorProbe } from './authorization/idor.js'
import type { Probe } from './types.js'

/**
 * The order a scan runs the probes in. Order matters only where a probe consumes shared state: logout
 * ends the scanner's own session, and cookie attributes are judged on every Set-Cookie of the whole
 * flow, so both run late. The cross-account probe logs its own accounts in and runs after them, so it
 * changes nothing they judge. SG-EXPIRY has two halves: the opt-in timed replays run before logout ends
 * the scanner's session, the lifetime the session cookie announces is read with the cookie attributes.
 */
export const PROBES: readonly Probe[] = [
  adoptProbe,
  fixLoginProbe,
  urlProbe,
  tokensProbe,
  expiryTimedProbe,
  logoutProbe,
  cookiesProbe,
  expiryLifetimeProbe,
  idorProbe,
]
