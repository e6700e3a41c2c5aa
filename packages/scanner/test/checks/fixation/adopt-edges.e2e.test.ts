// The adoption verdicts (SG-FIX-ADOPT, and SG-PERMISSIVE which the same attack decides), asserted on
// statuses, whole reasons, enable hints and the findings, against small in-process apps on 127.0.0.1
// with only these two checks selected: adopted at the login page or where the server issues sessions,
// refused, a planting point that is not conclusive (the invented id already logged in, the victim's
// login refused), one that cannot complete (on the session's own carrier or on all); the verdicts
// without a login are in adopt-no-login.e2e.test.ts (issue 29; the fast tests of its mutation run).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { CheckId, ScanReport } from '@sessionguard/scanner'
import type { ProgressEvent } from '../../../src/model/progress.js'
import * as apps from '@sessionguard/testkit'
import { ids, outcome, passed, scanSelected, type Config } from './selected-scan.js'

const ADOPTION: CheckId[] = ['SG-FIX-ADOPT', 'SG-PERMISSIVE']
const scanAdoption = (
  start: () => Promise<apps.TargetApp>,
  config?: (c: Config) => Config,
  onProgress?: (e: ProgressEvent) => void,
): Promise<ScanReport> => scanSelected(ADOPTION, start, config, onProgress)

const edges = (o: apps.FixationEdges) => () => apps.startFixationEdgesApp(o)
const QUERY_CUT = "query parameter ?sid=: the victim's login could not complete (GET /login: connection closed by the target mid-response)"

describe('with a login', () => {
  test('an invented cookie id taken as a session and kept through login is adopted: failed, with the proof and the id kept', async () => {
    const events: ProgressEvent[] = []
    const r = await scanAdoption(edges({ unknown: 'adopt', onLogin: 'keep' }), undefined, (e) => events.push(e))
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), { status: 'failed', reason: 'adopted via cookie sid', enableWith: undefined })
    assert.deepEqual(outcome(r, 'SG-PERMISSIVE'), passed('subsumed by SG-FIX-ADOPT'))
    assert.deepEqual(ids(r), ['SG-FIX-ADOPT'])
    const f = r.findings[0]!
    assert.equal(
      f.summary,
      `An identifier the server never issued, planted in the cookie sid (through the login page), became the victim's logged-in session: before the victim logged in it was not a session (text "alice" absent); after the victim logged in carrying it, the attacker's copy alone reached /account as the victim (status 200, text "alice" present). The server kept the planted id through the login instead of issuing a new one.`,
    )
    assert.equal(f.confidence, 'confirmed')
    assert.deepEqual(f.carrier, { kind: 'cookie', name: 'sid' })
    assert.match(f.title, / \(via cookie sid\)$/)
    // the proof: the attacker's control, the victim's login and access, the attacker's replay
    assert.deepEqual(
      f.evidence.map((x) => `${x.actor} ${x.request.method} ${new URL(x.request.url).pathname}: ${x.note}`),
      [
        'attacker GET /account: attacker invents an id the server never issued: not logged in (control)',
        'attacker GET /login: redirect 1',
        'victim GET /login: opens the login page',
        'victim POST /login: victim logs in carrying the planted id',
        'victim GET /account: redirect 1',
        'victim GET /account: victim reaches the protected page',
        "attacker GET /account: attacker replays only the planted id after the victim's login",
      ],
    )
    assert.equal(f.evidence.at(-1)!.response?.status, 200)
    // the probe is announced by its name, then the cookie is attacked first, and the attack stops at the first adoption
    assert.deepEqual(
      events.filter((e) => e.kind === 'phase' && e.phase === 'adoption of invented ids'),
      [{ kind: 'phase', phase: 'adoption of invented ids' }],
    )
    assert.deepEqual(
      events.filter((e) => e.kind === 'check'),
      [
        { kind: 'check', id: 'SG-FIX-ADOPT', status: 'start', detail: 'cookie sid' },
        { kind: 'check', id: 'SG-FIX-ADOPT', status: 'start', detail: 'query parameter ?sid=' },
      ],
    )
  })

  test('selecting either check alone runs the attack', async () => {
    const adopt = await scanSelected(['SG-FIX-ADOPT'], edges({ unknown: 'adopt', onLogin: 'keep' }))
    assert.deepEqual(outcome(adopt, 'SG-FIX-ADOPT'), { status: 'failed', reason: 'adopted via cookie sid', enableWith: undefined })
    const permissive = await scanSelected(['SG-PERMISSIVE'], () => apps.startPermissiveApp())
    assert.equal(outcome(permissive, 'SG-PERMISSIVE').status, 'failed')
  })

  test('adopted through a new id that leaves the planted one logged in: failed, without saying the id was kept', async () => {
    const r = await scanAdoption(edges({ unknown: 'adopt', onLogin: 'rotate-keep-old' }))
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), { status: 'failed', reason: 'adopted via cookie sid', enableWith: undefined })
    assert.match(
      r.findings[0]!.summary,
      /the attacker's copy alone reached \/account as the victim \(status 200, text "alice" present\)\.$/,
    )
  })

  test('adopted where one planting point could not complete: failed, and the point not tested is named', async () => {
    const r = await scanAdoption(edges({ unknown: 'adopt', onLogin: 'keep', hangUp: ['query sid'] }))
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), {
      status: 'failed',
      reason: `adopted via cookie sid; not tested: ${QUERY_CUT}`,
      enableWith: undefined,
    })
  })

  test('adopted through two planting points: failed, naming both', async () => {
    const r = await scanAdoption(edges({ unknown: 'adopt', onLogin: 'keep', accepts: ['query'] }))
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), {
      status: 'failed',
      reason: 'adopted via cookie sid, query parameter ?sid=',
      enableWith: undefined,
    })
  })

  test('two planting points not conclusive beside a refused one: passed, naming each', async () => {
    const r = await scanAdoption(edges({ cookie: 'JSESSIONID', inventedIsLoggedIn: true }))
    assert.deepEqual(
      outcome(r, 'SG-FIX-ADOPT'),
      passed(
        'invented ids refused after login via query parameter ?JSESSIONID=; not conclusive: cookie JSESSIONID: an invented id was already logged in before any login (status 200, text "alice" present); path parameter ;jsessionid=: the victim\'s login with a planted id did not succeed (status 404)',
      ),
    )
  })

  test("the session's own carrier cut at a cart page and the URL form cut too: not tested, naming both", async () => {
    const r = await scanAdoption(edges({ issue: 'cart', hangUp: ['cart', 'query sid'] }))
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), {
      status: 'not-tested',
      reason: `the attack through the session's own carrier could not complete: cookie sid on GET /cart: GET /cart: connection closed by the target mid-response; ${QUERY_CUT}; invented ids refused after login via cookie sid`,
      enableWith: undefined,
    })
  })

  test('adopted only through the URL: failed via the query parameter, the cookie is refused', async () => {
    const r = await scanAdoption(edges({ accepts: ['query'], unknown: 'adopt' }))
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), { status: 'failed', reason: 'adopted via query parameter ?sid=', enableWith: undefined })
    assert.deepEqual(
      r.findings.filter((f) => f.id === 'SG-FIX-ADOPT').map((f) => f.carrier),
      [{ kind: 'query', name: 'sid' }],
    )
  })

  test('an invented id adopted where the server issues sessions (a cart page), kept through login: failed, proven from that page', async () => {
    const r = await scanAdoption(edges({ issue: 'cart', unknown: 'adopt', onLogin: 'keep' }))
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), { status: 'failed', reason: 'adopted via cookie sid', enableWith: undefined })
    const f = r.findings.find((x) => x.id === 'SG-FIX-ADOPT')!
    assert.match(
      f.summary,
      /^An identifier the server never issued, planted in the cookie sid \(through GET \/cart\), became the victim's logged-in session: /,
    )
    assert.match(f.summary, /The server kept the planted id through the login instead of issuing a new one\.$/)
    // the proof: the invented id sent to the cart, the attacker's control, the victim's login and access, the replay
    assert.deepEqual(
      f.evidence.map((x) => `${x.actor} ${x.request.method} ${new URL(x.request.url).pathname}: ${x.note}`),
      [
        'attacker GET /cart: attacker sends an invented cookie sid where the server issues sessions: GET /cart',
        'attacker GET /account: the invented id, now used by the server: not logged in (control)',
        'attacker GET /login: redirect 1',
        'victim GET /login: opens the login page',
        'victim POST /login: victim logs in carrying the planted id',
        'victim GET /account: redirect 1',
        'victim GET /account: victim reaches the protected page',
        "attacker GET /account: attacker replays only the planted id after the victim's login",
      ],
    )
  })

  test('invented ids taken where sessions are issued but rotated at login: passed, every planting point named; unobservable use is not tested', async () => {
    const r = await scanAdoption(edges({ issue: 'cart', unknown: 'adopt' }))
    assert.deepEqual(
      outcome(r, 'SG-FIX-ADOPT'),
      passed('invented ids refused after login via cookie sid, cookie sid on GET /cart, query parameter ?sid='),
    )
    assert.deepEqual(outcome(r, 'SG-PERMISSIVE'), {
      status: 'not-tested',
      reason:
        'whether the server uses an invented id as a session could not be observed: cookie sid on GET /cart was not replaced before login and was replaced at login, but a fresh visitor was not issued sid on /login for comparison, and the server did not set the invented id itself',
      enableWith: undefined,
    })
    assert.deepEqual(ids(r), [])
  })

  test('invented ids replaced on the login page: passed, and no SG-PERMISSIVE', async () => {
    const r = await scanAdoption(edges({}))
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), passed('invented ids refused after login via cookie sid, query parameter ?sid='))
    assert.deepEqual(outcome(r, 'SG-PERMISSIVE'), passed('invented ids were not used as sessions before login'))
  })

  test("refused through the cookie, the URL form not tested: passed (the session's own carrier was attacked), naming what was not tested", async () => {
    const r = await scanAdoption(edges({ hangUp: ['query sid'] }))
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), passed(`invented ids refused after login via cookie sid; not tested: ${QUERY_CUT}`))
  })

  test('a session cookie named JSESSIONID is also planted in the ;jsessionid= path parameter', async () => {
    const r = await scanAdoption(edges({ cookie: 'JSESSIONID' }))
    assert.deepEqual(
      outcome(r, 'SG-FIX-ADOPT'),
      passed(
        "invented ids refused after login via cookie JSESSIONID, query parameter ?JSESSIONID=; not conclusive: path parameter ;jsessionid=: the victim's login with a planted id did not succeed (status 404)",
      ),
    )
  })

  test('a cookie whose name only contains JSESSIONID (Tomcat SSO, WebLogic auth) is not planted in ;jsessionid=', async () => {
    // neither name is the servlet session cookie, and neither makes the target look like Spring
    for (const cookie of ['JSESSIONIDSSO', '_WL_AUTHCOOKIE_JSESSIONID']) {
      const r = await scanAdoption(edges({ cookie }))
      assert.deepEqual(
        outcome(r, 'SG-FIX-ADOPT'),
        passed(`invented ids refused after login via cookie ${cookie}, query parameter ?${cookie}=`),
        cookie,
      )
    }
  })

  test('a target fingerprinted as a servlet container (Spring) has its session cookie also planted in ;jsessionid=, whatever its name', async () => {
    // Spring Session names its cookie SESSION; the Tomcat Server header is what says servlet container
    const r = await scanAdoption(edges({ cookie: 'SESSION', server: 'Apache-Coyote/1.1' }))
    assert.deepEqual(
      outcome(r, 'SG-FIX-ADOPT'),
      passed(
        "invented ids refused after login via cookie SESSION, query parameter ?SESSION=; not conclusive: path parameter ;jsessionid=: the victim's login with a planted id did not succeed (status 404)",
      ),
    )
  })

  test('the invented cookie id is shaped like the one the server issues in that cookie, not like another cookie set beside it', async () => {
    // the app adopts only ids shaped like its own (43 base64url characters); its csrftoken cookie, set first, is 32 hex characters
    const r = await scanAdoption(edges({ unknown: 'adopt', onLogin: 'keep', csrfCookie: true }))
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), { status: 'failed', reason: 'adopted via cookie sid', enableWith: undefined })
  })

  test('the invented cookie id is shaped like the pre-login id, also when the login hands out ids of another shape', async () => {
    // ids issued at login are 64 hex characters; only pre-login-shaped ones (43 base64url) are adopted, and the old id stays logged in
    const r = await scanAdoption(edges({ unknown: 'adopt', onLogin: 'rotate-keep-old', loginIds: 'hex' }))
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), { status: 'failed', reason: 'adopted via cookie sid', enableWith: undefined })
  })

  test('a session that travels only in a header is planted in that header alone, shaped like the id the server issued', async () => {
    // the app adopts only a header id shaped like its own; no cookie, so no URL form of a cookie is planted
    const events: ProgressEvent[] = []
    const r = await scanAdoption(
      () => apps.startHeaderSessionApp({ adopt: true, ownShape: true }),
      undefined,
      (e) => events.push(e),
    )
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), { status: 'failed', reason: 'adopted via X-Session-Id header', enableWith: undefined })
    assert.deepEqual(
      events.filter((e) => e.kind === 'check'),
      [{ kind: 'check', id: 'SG-FIX-ADOPT', status: 'start', detail: 'X-Session-Id header' }],
    )
  })

  test('adopted where sessions are issued (a cart) through a new id that leaves the planted one logged in: failed, without saying the id was kept', async () => {
    const r = await scanAdoption(edges({ issue: 'cart', unknown: 'adopt', onLogin: 'rotate-keep-old' }))
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), { status: 'failed', reason: 'adopted via cookie sid', enableWith: undefined })
    assert.deepEqual(ids(r), ['SG-FIX-ADOPT'])
    assert.equal(
      r.findings[0]!.summary,
      `An identifier the server never issued, planted in the cookie sid (through GET /cart), became the victim's logged-in session: before the victim logged in it was not a session (text "alice" absent); after the victim logged in carrying it, the attacker's copy alone reached /account as the victim (status 200, text "alice" present).`,
    )
  })

  test("a victim's login refused for an id adopted where sessions are issued is not conclusive there; the other planting points decide", async () => {
    const r = await scanAdoption(edges({ issue: 'cart', unknown: 'adopt', refuseLogin: ['adopted'] }))
    assert.deepEqual(
      outcome(r, 'SG-FIX-ADOPT'),
      passed(
        'invented ids refused after login via cookie sid, query parameter ?sid=; not conclusive: cookie sid on GET /cart: the victim\'s login with a planted id did not succeed (text "alice" absent)',
      ),
    )
    assert.deepEqual(ids(r), [])
  })

  test('a server that sets an invented id as its own where it issues sessions (a cart), and rotates it at login: SG-PERMISSIVE from that place', async () => {
    const r = await scanAdoption(edges({ issue: 'cart', unknown: 'echo' }))
    assert.deepEqual(
      outcome(r, 'SG-FIX-ADOPT'),
      passed('invented ids refused after login via cookie sid, cookie sid on GET /cart, query parameter ?sid='),
    )
    const how = 'the server set the invented id itself (Set-Cookie sid=<the invented id>): it issued it as its own session'
    assert.deepEqual(outcome(r, 'SG-PERMISSIVE'), {
      status: 'failed',
      reason: `invented cookie sid used as a session before login (${how}), replaced at login`,
      enableWith: undefined,
    })
    const f = r.findings.find((x) => x.id === 'SG-PERMISSIVE')!
    assert.equal(
      f.summary,
      `The server accepted an invented cookie sid before login where it hands a fresh visitor a new id (GET /cart): it kept the invented one without a replacement there and when the login page was opened with it, and ${how}. It issued a new id at login, so the attacker's copy did not reach /account (text "alice" absent). No takeover, but unknown ids should be refused outright (strict mode).`,
    )
    assert.deepEqual(f.evidence.map((x) => `${x.actor} ${x.request.method} ${new URL(x.request.url).pathname}: ${x.note}`).slice(0, 3), [
      'attacker GET /cart: attacker looks for a pre-login session: a link of a page seen',
      'attacker GET /cart: attacker sends an invented cookie sid where the server issues sessions: GET /cart',
      'attacker GET /login: attacker opens the login page carrying only the id it sent to GET /cart: kept, and used?',
    ])
  })

  test('a session id also accepted in the URL: the cookie is still planted where sessions are issued', async () => {
    const r = await scanAdoption(edges({ issue: 'cart', accepts: ['query'] }))
    assert.deepEqual(
      outcome(r, 'SG-FIX-ADOPT'),
      passed(
        'invented ids refused after login via cookie sid, cookie sid on GET /cart; not conclusive: query parameter ?sid=: the victim\'s login with a planted id did not succeed (text "alice" absent)',
      ),
    )
  })

  test("a place where sessions are issued that cannot be attacked through the session's own carrier: not tested, naming the place", async () => {
    const r = await scanAdoption(edges({ issue: 'cart', hangUp: ['cart'] }))
    const reason =
      "the attack through the session's own carrier could not complete: cookie sid on GET /cart: GET /cart: connection closed by the target mid-response; invented ids refused after login via cookie sid, query parameter ?sid="
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), { status: 'not-tested', reason, enableWith: undefined })
    assert.deepEqual(outcome(r, 'SG-PERMISSIVE'), { status: 'not-tested', reason, enableWith: undefined })
  })

  test('invented ids replaced where sessions are issued: passed, and no SG-PERMISSIVE', async () => {
    const r = await scanAdoption(edges({ issue: 'cart' }))
    assert.deepEqual(
      outcome(r, 'SG-FIX-ADOPT'),
      passed('invented ids refused after login via cookie sid, cookie sid on GET /cart, query parameter ?sid='),
    )
    assert.deepEqual(outcome(r, 'SG-PERMISSIVE'), passed('invented ids were not used as sessions before login'))
  })

  test('the permissive app: SG-FIX-ADOPT passed, SG-PERMISSIVE failed with how the invented id was used, and its finding', async () => {
    const r = await scanAdoption(() => apps.startPermissiveApp())
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), passed('invented ids refused after login via cookie sid, query parameter ?sid='))
    const how =
      "/login showed the same hidden field csrf_token (form 1) on two requests that carried only the invented id, and another one to the server's own session: state was kept under it"
    assert.deepEqual(outcome(r, 'SG-PERMISSIVE'), {
      status: 'failed',
      reason: `invented cookie sid used as a session before login (${how}), replaced at login`,
      enableWith: undefined,
    })
    assert.deepEqual(ids(r), ['SG-PERMISSIVE'])
    const f = r.findings[0]!
    assert.equal(
      f.summary,
      `The server accepted an invented cookie sid before login: a fresh client is issued a new id on /login, but the invented one was kept without a replacement, and ${how}. It issued a new id at login, so the attacker's copy did not reach /account (text "alice" absent). No takeover, but unknown ids should be refused outright (strict mode).`,
    )
    assert.equal(f.confidence, 'firm')
    assert.deepEqual(f.carrier, { kind: 'cookie', name: 'sid' })
    assert.deepEqual(f.evidence.map((x) => `${x.actor} ${x.request.method} ${new URL(x.request.url).pathname}: ${x.note}`).slice(0, 2), [
      'anonymous GET /login: a fresh client opens the page that issues sessions',
      'attacker GET /login: attacker opens the login page carrying only the invented id: kept, and used?',
    ])
  })

  test('with no login page configured, the login URL is the page the invented id is judged on', async () => {
    const noPage = (c: Config): Config => {
      const login = { ...(c.login as Record<string, unknown>) }
      delete login.page
      return { ...c, login }
    }
    const r = await scanAdoption(() => apps.startPermissiveApp(), noPage)
    assert.equal(outcome(r, 'SG-PERMISSIVE').status, 'failed')
    assert.match(
      outcome(r, 'SG-PERMISSIVE').reason!,
      /^invented cookie sid used as a session before login \(\/login showed the same hidden field csrf_token/,
    )
    assert.deepEqual(ids(r), ['SG-PERMISSIVE'])
  })

  test('an app that serves an invented id as no session: SG-PERMISSIVE passed, saying what showed it', async () => {
    const r = await scanAdoption(() => apps.startIgnoreUnknownApp())
    assert.deepEqual(
      outcome(r, 'SG-PERMISSIVE'),
      passed(
        'invented ids were not used as sessions before login (cookie sid on the login page: /login showed a new hidden field csrf_token (form 1) on each request that carried the invented id, while it keeps one per session for ids it issued: the server served it as no session)',
      ),
    )
  })

  test('nothing per session on the login page: whether the invented id is used cannot be seen, SG-PERMISSIVE not tested', async () => {
    const r = await scanAdoption(() => apps.startIgnoreUnknownApp({ tokens: 'none' }))
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), passed('invented ids refused after login via cookie sid, query parameter ?sid='))
    assert.deepEqual(outcome(r, 'SG-PERMISSIVE'), {
      status: 'not-tested',
      reason:
        'whether the server uses an invented id as a session could not be observed: cookie sid on the login page was not replaced before login and was replaced at login, but /login shows no value the server keeps per session (such as an anti-CSRF token), so whether it keeps state under an id cannot be seen, and the server did not set the invented id itself',
      enableWith: undefined,
    })
  })

  test('an invented id already logged in before any login is not conclusive: the other planting points decide, and it is named', async () => {
    const r = await scanAdoption(edges({ inventedIsLoggedIn: true }))
    assert.deepEqual(
      outcome(r, 'SG-FIX-ADOPT'),
      passed(
        'invented ids refused after login via query parameter ?sid=; not conclusive: cookie sid: an invented id was already logged in before any login (status 200, text "alice" present)',
      ),
    )
    assert.deepEqual(ids(r), [])
  })

  test("a victim's login refused with the planted id is not conclusive, never adopted nor refused", async () => {
    const r = await scanAdoption(edges({ unknown: 'adopt', refuseLogin: ['adopted'] }))
    assert.deepEqual(
      outcome(r, 'SG-FIX-ADOPT'),
      passed(
        'invented ids refused after login via query parameter ?sid=; not conclusive: cookie sid: the victim\'s login with a planted id did not succeed (text "alice" absent)',
      ),
    )
  })

  test('no planting point conclusive: SG-FIX-ADOPT is an error and SG-PERMISSIVE not tested, both with every reason', async () => {
    const r = await scanAdoption(edges({ unknown: 'adopt', refuseLogin: ['adopted', 'query sid'] }))
    const reason =
      'no planting point gave a conclusive answer: cookie sid: the victim\'s login with a planted id did not succeed (text "alice" absent); query parameter ?sid=: the victim\'s login with a planted id did not succeed (text "alice" absent)'
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), { status: 'error', reason, enableWith: undefined })
    assert.deepEqual(outcome(r, 'SG-PERMISSIVE'), { status: 'not-tested', reason, enableWith: undefined })
    assert.deepEqual(ids(r), [])
  })

  test("the attack through the session's own carrier cannot complete: not tested, whatever the URL forms resisted", async () => {
    const r = await scanAdoption(edges({ hangUp: ['invented cookie'] }))
    const reason =
      "the attack through the session's own carrier could not complete: cookie sid: GET /login: connection closed by the target mid-response; invented ids refused after login via query parameter ?sid="
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), { status: 'not-tested', reason, enableWith: undefined })
    assert.deepEqual(outcome(r, 'SG-PERMISSIVE'), { status: 'not-tested', reason, enableWith: undefined })
  })

  test("a victim's login refused on one planting point and the other not completing: an error, naming both", async () => {
    const r = await scanAdoption(edges({ unknown: 'adopt', refuseLogin: ['adopted'], hangUp: ['query sid'] }))
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), {
      status: 'error',
      reason: `no planting point gave a conclusive answer: cookie sid: the victim's login with a planted id did not succeed (text "alice" absent); not tested: ${QUERY_CUT}`,
      enableWith: undefined,
    })
  })

  test('no planting point can be attacked: not tested, each with why', async () => {
    const r = await scanAdoption(edges({ hangUp: ['invented cookie', 'query sid'] }))
    const reason =
      "no planting point could be attacked: cookie sid: GET /login: connection closed by the target mid-response; query parameter ?sid=: the victim's login could not complete (GET /login: connection closed by the target mid-response)"
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), { status: 'not-tested', reason, enableWith: undefined })
    assert.deepEqual(outcome(r, 'SG-PERMISSIVE'), { status: 'not-tested', reason, enableWith: undefined })
  })
})
