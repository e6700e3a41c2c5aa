import { makeFinding } from '../make-finding.js'
import { ActorSession, decorate } from '../../actors/session.js'
import { readPage } from '../../login/html.js'
import { isCsrfField, planCsrf } from '../../login/csrf.js'
import { describe } from '../carriers.js'
import type { Probe, ProbeContext, ProbeResult } from '../types.js'
import { ENABLE } from '../needs.js'

/** Logs out and replays the id it had: a session that still works after logout was only forgotten by the client. */
async function run(ctx: ProbeContext): Promise<ProbeResult> {
  if (!ctx.login || !ctx.target.carrier) {
    return { findings: [], outcomes: [{ id: 'SG-LOGOUT', status: 'not-tested', reason: 'needs a login', enableWith: ENABLE.logout }] }
  }
  const logout = ctx.config.logout
  if (!logout) {
    return {
      findings: [],
      outcomes: [{ id: 'SG-LOGOUT', status: 'not-tested', reason: 'no logout endpoint configured', enableWith: ENABLE.logoutUrl }],
    }
  }
  ctx.progress({ kind: 'check', id: 'SG-LOGOUT', status: 'start' })
  const flow = ctx.login.flow
  const { session: main, access: live } = await ctx.login.ensureMain()
  const snapshot = main.copy('attacker')
  // logout forms carry CSRF tokens too: take them from the page the session just saw
  const page = readPage(live.response.body)
  const csrf = planCsrf(page, undefined, main.jar.entries(ctx.scope.base.href), false)
  const fields = new URLSearchParams(csrf.fields)
  for (const f of page.forms) for (const i of f.inputs) if (i.type === 'hidden' && isCsrfField(i.name)) fields.set(i.name, i.value)
  const withBody = logout.method !== 'GET'
  const req = decorate(
    logout.url,
    { ...csrf.headers, ...(withBody ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    main.carry,
  )
  const out = await ctx.http.send({
    actor: 'scanner',
    method: logout.method,
    path: req.path,
    headers: req.headers,
    body: withBody ? fields.toString() : undefined,
    jar: main.jar,
    note: 'logs out',
  })
  // a token in a header is dropped by the client itself (a page clears its storage): the server's own answer must show the logout was accepted
  const clientForgets = ctx.target.carrier.primary.kind === 'header'
  if (clientForgets && (out.status < 200 || out.status >= 400)) {
    return {
      findings: [],
      outcomes: [
        {
          id: 'SG-LOGOUT',
          status: 'error',
          reason: `logout (${logout.method} ${logout.url}) answered ${out.status}; check logout.url/method`,
        },
      ],
    }
  }
  const own = clientForgets ? undefined : await flow.access(main, 'the client itself after logout')
  if (own?.authenticated) {
    // logout did not even end the session for the client that asked: the endpoint is wrong or refused the request
    return {
      findings: [],
      outcomes: [
        {
          id: 'SG-LOGOUT',
          status: 'error',
          reason: `logout (${logout.method} ${logout.url} → ${out.status}) did not log the client out; check logout.url/method`,
        },
      ],
    }
  }
  const replay = await flow.access(snapshot, 'attacker replays the session id captured before logout', { freeze: true })
  // the main session is gone now; the next probe that needs one logs in again
  ctx.login.main = new ActorSession('scanner')
  if (!replay.authenticated)
    return { findings: [], outcomes: [{ id: 'SG-LOGOUT', status: 'passed', reason: `replay after logout: ${replay.reason}` }] }
  const carrier = ctx.target.carrier.primary
  return {
    findings: [
      makeFinding(
        'SG-LOGOUT',
        {
          summary: `After logout (${logout.method} ${logout.url} → ${out.status}) ${clientForgets ? 'the client dropped its token' : 'the client was logged out'}, but replaying the ${describe(carrier)} captured before logout still reached ${flow.login.check.url} (${replay.reason}): logout only cleared the client side, the session lives on the server.`,
          evidence: [...live.exchanges, ...out.exchanges, ...(own?.exchanges ?? []), ...replay.exchanges],
          confidence: 'confirmed',
          carrier,
        },
        ctx.target.framework.id,
      ),
    ],
    outcomes: [{ id: 'SG-LOGOUT', status: 'failed', reason: 'session id still valid after logout' }],
  }
}

export const logoutProbe: Probe = { name: 'logout', checks: ['SG-LOGOUT'], run }
