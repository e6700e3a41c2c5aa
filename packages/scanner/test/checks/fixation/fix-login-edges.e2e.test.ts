// The edges of the fixation-at-login verdict (SG-FIX-LOGIN / SG-FIX-OLDID), asserted on statuses,
// whole reasons, enable hints and the finding itself, against small in-process apps on 127.0.0.1 with
// only these two checks selected (each scan takes well under a second): the merge when a later carrier
// fails, an attack that cannot complete or that the budget cuts, no pre-login id (with which hint),
// no login at all, and what a finding says and proves (issue 29; the fast tests of its mutation run).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { scan, type CheckId, type ScanReport } from '@sessionguard/scanner'
import type { ProgressEvent } from '../../../src/model/progress.js'
import { ENABLE } from '../../../src/checks/needs.js'
import * as apps from '@sessionguard/testkit'
import { ids, outcome, passed, scanSelected, type Config } from './selected-scan.js'

const AT_LOGIN: CheckId[] = ['SG-FIX-LOGIN', 'SG-FIX-OLDID']
const scanAtLogin = (
  start: () => Promise<apps.TargetApp>,
  config?: (c: Config) => Config,
  onProgress?: (e: ProgressEvent) => void,
): Promise<ScanReport> => scanSelected(AT_LOGIN, start, config, onProgress)

const FROM_LOGIN_PAGE = 'pre-login id from /login (login page, a page a victim would naturally visit)'

describe('fixation at login: the verdict at its edges', () => {
  test('failed through any carrier is failed, also when the carrier attacked first passed: the id kept only when it comes in ?sid=', async () => {
    const r = await scanAtLogin(() => apps.startFixationEdgesApp({ accepts: ['query'], unknown: 'adopt' }))
    assert.deepEqual(outcome(r, 'SG-FIX-LOGIN'), {
      status: 'failed',
      reason: `cookie sid: passed, a new id was issued at login and the old one is dead; query parameter ?sid=: failed, pre-auth id survived login; ${FROM_LOGIN_PAGE}`,
      enableWith: undefined,
    })
    assert.match(
      outcome(r, 'SG-FIX-OLDID').reason!,
      /^cookie sid: passed, replaying the pre-auth id: text "alice" absent; query parameter \?sid=: passed, no new id was issued at login \(see SG-FIX-LOGIN\); pre-login id from \/login /,
    )
    assert.equal(outcome(r, 'SG-FIX-OLDID').status, 'passed')
    assert.deepEqual(ids(r), ['SG-FIX-LOGIN'])
    const f = r.findings[0]!
    assert.equal(
      f.summary,
      `The query parameter ?sid= the server issued before login is still the session after login: the attacker took it from /login (login page, a page a victim would naturally visit), the victim logged in carrying it, and the attacker's copy reached /account as the victim (status 200, text "alice" present).`,
    )
    assert.equal(f.confidence, 'confirmed')
    assert.deepEqual(f.carrier, { kind: 'query', name: 'sid' })
    // the proof: where the attacker got the id, the victim's login, the victim's access, the attacker's replay
    assert.deepEqual(
      f.evidence.map((x) => `${x.actor} ${x.request.method} ${new URL(x.request.url).pathname}: ${x.note}`),
      [
        'attacker GET /login: attacker opens the login page and keeps the pre-auth id the server issues',
        'victim GET /login: opens the login page',
        'victim POST /login: victim logs in carrying the pre-auth id',
        'victim GET /account: redirect 1',
        'victim GET /account: victim reaches the protected page',
        "attacker GET /account: attacker replays the pre-auth id after the victim's login",
      ],
    )
  })

  test("a later carrier is attacked with a fresh pre-login id: a server that refuses unknown ids and keeps a ?sid= id at login fails, though the first victim's id is dead", async () => {
    // the cookie attack's victim logged in with the first id, which the rotation deleted; planted
    // again in ?sid=, a dead id would be refused and the login's keeping of ?sid= ids never seen
    const r = await scanAtLogin(() => apps.startFixationEdgesApp({ accepts: ['query'] }))
    assert.deepEqual(outcome(r, 'SG-FIX-LOGIN'), {
      status: 'failed',
      reason: `cookie sid: passed, a new id was issued at login and the old one is dead; query parameter ?sid=: failed, pre-auth id survived login; ${FROM_LOGIN_PAGE}`,
      enableWith: undefined,
    })
    assert.deepEqual(ids(r), ['SG-FIX-LOGIN'])
    const [first, second] = r.findings[0]!.evidence.filter((x) => x.note?.startsWith('attacker opens the login page'))
    assert.ok(first && !second, 'the finding shows the one visit that issued the id it proves with')
  })

  test("a later carrier for which the server hands out no second pre-login id is not tested, with why, and the first carrier's verdict stands", async () => {
    // the same scan, first counting the sessions the login page hands out, then with the last one refused:
    // the one the ?sid= attack's own discovery would get
    let handedOut = 0
    const counted = await scanAtLogin(() => apps.startFixationEdgesApp({ accepts: ['query'], onPreLoginSession: () => handedOut++ }))
    assert.equal(outcome(counted, 'SG-FIX-LOGIN').status, 'failed', 'with a second id the ?sid= attack fails the check')
    const r = await scanAtLogin(() => apps.startFixationEdgesApp({ accepts: ['query'], preLoginSessions: handedOut - 1 }))
    const none =
      'query parameter ?sid=: not-tested, the attack could not complete: the server issued no second pre-login id the way it issued the first'
    assert.deepEqual(
      outcome(r, 'SG-FIX-LOGIN'),
      passed(`cookie sid: passed, a new id was issued at login and the old one is dead; ${none}; ${FROM_LOGIN_PAGE}`),
    )
    assert.deepEqual(
      outcome(r, 'SG-FIX-OLDID'),
      passed(`cookie sid: passed, replaying the pre-auth id: text "alice" absent; ${none}; ${FROM_LOGIN_PAGE}`),
    )
    assert.deepEqual(ids(r), [])
  })

  test("the budget running out while a later carrier's second pre-login id is looked for leaves that carrier not tested for the budget", async () => {
    const start = () => apps.startFixationEdgesApp({ accepts: ['query'] })
    const full = await scanAtLogin(start)
    // the ?sid= attack: the discovery's one visit (the login page hands the id out), then the victim's
    // login page, login, redirect, protected page and the attacker's replay: cut at its first request
    const max = full.requestCount - 6
    const r = await scanAtLogin(start, (c) => ({ ...c, scope: { max_requests: max } }))
    assert.deepEqual(
      outcome(r, 'SG-FIX-LOGIN'),
      passed(
        `cookie sid: passed, a new id was issued at login and the old one is dead; query parameter ?sid=: not-tested, the scan's budget ran out (request budget of ${max} used up); ${FROM_LOGIN_PAGE}`,
      ),
    )
  })

  test('a new id at login with the old one still valid: the SG-FIX-OLDID finding says so and names where the id came from', async () => {
    const r = await scanAtLogin(() => apps.startOldIdValidApp())
    assert.deepEqual(ids(r), ['SG-FIX-OLDID'])
    const f = r.findings[0]!
    assert.match(
      f.summary,
      /^A new cookie \S+ was issued at login, but the old pre-auth id \(taken from \/\S* \([^)]*\)\) still reaches \/\S+ as the victim \(status 200[^)]*\): the old session was linked to the login instead of being destroyed\.$/,
    )
    assert.equal(f.confidence, 'confirmed')
    assert.equal(f.carrier?.kind, 'cookie')
    assert.ok(f.evidence.length >= 4 && f.evidence.at(-1)!.actor === 'attacker')
  })

  test('an id only a failed login hands out is named as reached only by an action of the attacker', async () => {
    const r = await scanAtLogin(() => apps.startFixationEdgesApp({ issue: 'failed login' }))
    const from = 'pre-login id from /login (failed login, reached only by an action of the attacker)'
    assert.deepEqual(outcome(r, 'SG-FIX-LOGIN'), passed(`a new id was issued at login and the old one is dead; ${from}`))
    assert.deepEqual(outcome(r, 'SG-FIX-OLDID'), passed(`replaying the pre-auth id: text "alice" absent; ${from}`))
  })

  test("a victim's login that cannot complete (the login page hangs up on a session that opened it before) leaves both not tested, with why", async () => {
    const r = await scanAtLogin(() => apps.startFixationEdgesApp({ hangUp: ['second view'] }))
    const reason = `the attack could not complete: GET /login: connection closed by the target mid-response; ${FROM_LOGIN_PAGE}`
    assert.deepEqual(outcome(r, 'SG-FIX-LOGIN'), { status: 'not-tested', reason, enableWith: undefined })
    assert.deepEqual(outcome(r, 'SG-FIX-OLDID'), { status: 'not-tested', reason, enableWith: undefined })
    assert.deepEqual(ids(r), [])
  })

  test("the budget running out in one carrier's attack leaves that carrier not tested, and what the other proved stands", async () => {
    const start = () => apps.startJsessionidApp({ rotateCookieAtLogin: true })
    const full = await scanAtLogin(start)
    // the same scan one request short: the last attack (the cookie's) is cut
    const max = full.requestCount - 1
    const r = await scanAtLogin(start, (c) => ({ ...c, scope: { max_requests: max } }))
    const cut = `cookie JSESSIONID: not-tested, the scan's budget ran out (request budget of ${max} used up)`
    assert.deepEqual(outcome(r, 'SG-FIX-LOGIN'), {
      status: 'failed',
      reason: `path parameter ;jsessionid=: failed, pre-auth id survived login; ${cut}; ${FROM_LOGIN_PAGE}`,
      enableWith: undefined,
    })
    assert.equal(outcome(r, 'SG-FIX-OLDID').status, 'passed')
    assert.match(
      outcome(r, 'SG-FIX-OLDID').reason!,
      /^path parameter ;jsessionid=: passed, no new id was issued at login \(see SG-FIX-LOGIN\); cookie JSESSIONID: not-tested, the scan's budget ran out/,
    )
    assert.deepEqual(ids(r), ['SG-FIX-LOGIN'])
  })

  test('no session before login: not tested, naming every page tried, with the login.pre hint', async () => {
    const r = await scanAtLogin(() => apps.startFixationEdgesApp({ issue: 'at login only' }))
    const reason =
      'no cookie sid was issued before login on the 5 page(s) tried: /login (login page), / (root), /account (check URL), /login (repeat visit), POST /login (failed login)'
    assert.deepEqual(outcome(r, 'SG-FIX-LOGIN'), { status: 'not-tested', reason, enableWith: ENABLE.preLogin })
    assert.deepEqual(outcome(r, 'SG-FIX-OLDID'), { status: 'not-tested', reason, enableWith: ENABLE.preLogin })
    assert.deepEqual(r.findings, [])
    assert.ok(r.session.preLogin, 'the discovery is reported')
  })

  test("forms discovery saw but never submits because they look destructive are counted (the action is the page's text), and the hint stays login.pre", async () => {
    const r = await scanAtLogin(() => apps.startFixationEdgesApp({ issue: 'at login only', destructiveForm: true }))
    assert.deepEqual(outcome(r, 'SG-FIX-LOGIN'), {
      status: 'not-tested',
      reason:
        'no cookie sid was issued before login on the 5 page(s) tried: /login (login page), / (root), /account (check URL), /login (repeat visit), POST /login (failed login); forms seen and not submitted: POST form 1 (looks destructive, never submitted)',
      enableWith: ENABLE.preLogin,
    })
  })

  test('forms discovery may not submit (forms: false) are named, with the hint to let it or to name the start', async () => {
    const r = await scanAtLogin(() => apps.startCartSessionApp({ regenerate: false }))
    const o = outcome(r, 'SG-FIX-LOGIN')
    assert.equal(o.status, 'not-tested')
    assert.equal(o.enableWith, ENABLE.preLoginForms)
    assert.match(o.reason!, /; forms seen and not submitted: POST form 1, POST form 2 \(looks destructive, never submitted\)$/)
    assert.deepEqual(outcome(r, 'SG-FIX-OLDID'), o)
  })

  test('without a login both are not tested, with the login hint, and nothing is sent for them', async () => {
    const events: ProgressEvent[] = []
    const r = await scanAtLogin(
      () => apps.startFixationEdgesApp(),
      (c) => ({ ...c, login: undefined }),
      (e) => events.push(e),
    )
    for (const id of AT_LOGIN) assert.deepEqual(outcome(r, id), { status: 'not-tested', reason: 'needs a login', enableWith: ENABLE.login })
    assert.deepEqual(r.findings, [])
    assert.ok(!events.some((e) => e.kind === 'check' && e.id === 'SG-FIX-LOGIN'), 'no attack is announced')
  })

  test('selecting either check alone runs the attack and reports it', async () => {
    for (const id of AT_LOGIN) {
      const app = await apps.startFixationEdgesApp({ onLogin: 'keep' })
      try {
        const r = await scan({ ...app.config, checks: { include: [id] } } as never)
        assert.equal(r.checks.find((c) => c.id === id)!.status, id === 'SG-FIX-LOGIN' ? 'failed' : 'passed', id)
      } finally {
        await app.close()
      }
    }
  })

  test('the attack is announced once as SG-FIX-LOGIN starting', async () => {
    const events: ProgressEvent[] = []
    await scanAtLogin(
      () => apps.startFixationEdgesApp(),
      (c) => c,
      (e) => events.push(e),
    )
    assert.deepEqual(
      events.filter((e) => e.kind === 'check'),
      [{ kind: 'check', id: 'SG-FIX-LOGIN', status: 'start' }],
    )
  })
})
