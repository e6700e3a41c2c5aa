// The adoption verdicts without a login (SG-FIX-ADOPT needs one; SG-PERMISSIVE is decided where the
// server issues sessions), asserted on statuses, whole reasons, enable hints and the findings, against
// small in-process apps on 127.0.0.1 with only these two checks selected. A file of its own so that a
// mutation run of adopt.ts tries attackWithoutLogin's mutants in seconds (issue 29).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { CheckId, ScanReport } from '@sessionguard/scanner'
import { ENABLE } from '../../../src/checks/needs.js'
import * as apps from '@sessionguard/testkit'
import { ids, outcome, passed, scanSelected, type Config } from './selected-scan.js'

const ADOPTION: CheckId[] = ['SG-FIX-ADOPT', 'SG-PERMISSIVE']
const scanAdoption = (start: () => Promise<apps.TargetApp>, config?: (c: Config) => Config): Promise<ScanReport> =>
  scanSelected(ADOPTION, start, config)

const edges = (o: apps.FixationEdges) => () => apps.startFixationEdgesApp(o)
/** No login: the page that issues sessions is the target itself. */
const withoutLogin = (c: Config): Config => ({ ...c, login: undefined, target: `${String(c.target)}/login` })
const NEEDS_LOGIN = {
  status: 'not-tested',
  reason: 'needs a login to prove the planted id reaches a protected page',
  enableWith: ENABLE.login,
}

describe('without a login', () => {
  test('an invented id the server keeps state under: SG-PERMISSIVE failed with its finding; SG-FIX-ADOPT needs a login', async () => {
    const r = await scanAdoption(edges({ unknown: 'adopt' }), withoutLogin)
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), NEEDS_LOGIN)
    assert.deepEqual(outcome(r, 'SG-PERMISSIVE'), {
      status: 'failed',
      reason: 'invented ids used as sessions before login',
      enableWith: undefined,
    })
    assert.deepEqual(ids(r), ['SG-PERMISSIVE'])
    const f = r.findings.find((x) => x.id === 'SG-PERMISSIVE')!
    assert.equal(
      f.summary,
      `The server issues a new sid to a fresh client on /login, but kept an invented sid without replacing it, and /login showed the same hidden field csrf_token (form 1) on two requests that carried only the invented id, and another one to the server's own session: state was kept under it: unknown session ids are accepted. Whether the id survives a login (SG-FIX-ADOPT) was not tested because no login is configured.`,
    )
    assert.equal(f.confidence, 'firm')
    assert.deepEqual(f.carrier, { kind: 'cookie', name: 'sid' })
    // the proof: how a fresh client is issued an id, then the two visits with the invented one
    assert.deepEqual(
      f.evidence.map((x) => `${x.actor} ${x.request.method} ${new URL(x.request.url).pathname}: ${x.note}`),
      [
        'anonymous GET /login: a fresh client opens the page that issues sessions',
        'attacker GET /login: sends an invented sid to the page that issues sessions',
        'attacker GET /login: sends the invented sid again: does the server keep state under it?',
      ],
    )
  })

  test('the invented id is shaped like the session cookie, not like another cookie set beside it: SG-PERMISSIVE failed', async () => {
    // the app keeps only ids shaped like its own (43 base64url characters); its csrftoken cookie, set first, is 32 hex characters
    const r = await scanAdoption(edges({ unknown: 'adopt', csrfCookie: true }), withoutLogin)
    assert.deepEqual(outcome(r, 'SG-PERMISSIVE'), {
      status: 'failed',
      reason: 'invented ids used as sessions before login',
      enableWith: undefined,
    })
    assert.deepEqual(ids(r), ['SG-PERMISSIVE'])
  })

  test('an invented id the server sets back as its own is not a replacement: SG-PERMISSIVE failed', async () => {
    const r = await scanAdoption(edges({ unknown: 'echo' }), withoutLogin)
    assert.deepEqual(outcome(r, 'SG-PERMISSIVE'), {
      status: 'failed',
      reason: 'invented ids used as sessions before login',
      enableWith: undefined,
    })
  })

  test('an invented id the server replaces: passed, naming the session cookie and not the anti-CSRF cookie', async () => {
    const r = await scanAdoption(edges({ csrfCookie: true }), withoutLogin)
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), NEEDS_LOGIN)
    assert.deepEqual(outcome(r, 'SG-PERMISSIVE'), passed('invented ids not accepted: sid replaced by the server'))
  })

  test('an invented id served as no session: passed, saying what showed it', async () => {
    const r = await scanAdoption(() => apps.startIgnoreUnknownApp(), withoutLogin)
    assert.deepEqual(
      outcome(r, 'SG-PERMISSIVE'),
      passed(
        'invented ids not accepted: sid: /login showed a new hidden field csrf_token (form 1) on each request that carried the invented id, while it keeps one per session for ids it issued: the server served it as no session',
      ),
    )
  })

  test('an invented id left alone with nothing per session to compare: not tested, with why', async () => {
    const r = await scanAdoption(() => apps.startIgnoreUnknownApp({ tokens: 'none' }), withoutLogin)
    assert.deepEqual(outcome(r, 'SG-PERMISSIVE'), {
      status: 'not-tested',
      reason:
        'whether the server uses an invented id as a session could not be observed: sid was not replaced on /login, but /login shows no value the server keeps per session (such as an anti-CSRF token), so whether it keeps state under an id cannot be seen, and the server did not set the invented id itself',
      enableWith: undefined,
    })
  })

  test('no session cookie issued where the scan starts: both not tested, with the login hint', async () => {
    const r = await scanAdoption(edges({ issue: 'at login only' }), withoutLogin)
    assert.deepEqual(outcome(r, 'SG-FIX-ADOPT'), NEEDS_LOGIN)
    assert.deepEqual(outcome(r, 'SG-PERMISSIVE'), {
      status: 'not-tested',
      reason: 'no session cookie is issued at /login',
      enableWith: ENABLE.login,
    })
  })
})
