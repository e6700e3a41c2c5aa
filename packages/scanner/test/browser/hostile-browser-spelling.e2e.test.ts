// r24r F1, F8, F2: a login page's script spells the typed password (and the session id it was served
// with) in what the report used to keep of it: the shape of the bodies it sends after typing (booleans,
// nulls, counts, which value is the username, how it is escaped) and their query; the host names of
// origins the walls refuse (in the notes and in a failed login's error); cookies it sets itself (whose
// first four characters the report showed). Every report format and the error must hold none of it.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { FORMATS, render, scan, type ScanReport } from '@sessionguard/scanner'
import { SPELLING_ACCOUNT, spelledHex, startSpellingLogin, wsLabel, type SpellingChannel } from '@sessionguard/testkit'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

const PASSWORD = SPELLING_ACCOUNT.password
const REVERSED = [...PASSWORD].reverse().join('')

function config(url: string, extra: Record<string, unknown> = {}): never {
  return {
    target: url,
    login: {
      type: 'browser',
      url: '/login',
      credentials: { ...SPELLING_ACCOUNT },
      check: { url: '/account', contains: 'Welcome' },
      ...extra,
    },
    scope: { timeout: '10s', budget: '2m' },
  } as never
}

/** The report in every format (the JSON as it is written), by name. */
function everyFormat(report: ScanReport): Array<[string, string]> {
  return [['JSON', JSON.stringify(report)], ...FORMATS.map((f): [string, string] => [f, render(report, f)])]
}

function assertNone(report: ScanReport, needles: string[]): void {
  for (const [name, out] of everyFormat(report)) for (const n of needles) assert.ok(!out.includes(n), `${name} holds ${JSON.stringify(n)}`)
}

async function scanned(channels: SpellingChannel[]) {
  const login = await startSpellingLogin(channels)
  try {
    const report = await scan(config(login.app.url))
    return { report, sent: login.app.sent(), sids: [...login.sids] }
  } finally {
    await login.close()
  }
}

describe('what a login page spells outside the body values', () => {
  test('F1: the shape of the bodies sent after typing and their query: withheld whole; the filled form written by the scanner', async () => {
    const { report, sent } = await scanned(['bodies'])
    for (const path of ['/t1', '/t2', '/t3', '/t4', '/t5', '/t6', `/t7?q=${spelledHex(REVERSED)}`])
      assert.ok(sent.includes(`POST ${path}\n`) || sent.includes(`GET ${path}\n`), `the page did not send ${path}`)
    const json = JSON.stringify(report)
    assert.match(json, /"body":"username=alice&password=\*{8}"/, 'the login POST is not in the evidence as the scanner filled it')
    // every channel's excerpt as the report used to keep it (booleans, nulls, the username's escapes, masked
    // values counted out, username lines, repeated fields, the query)
    assertNone(report, [
      'true,true',
      'false,false',
      'null,null',
      'alic%65',
      '%61',
      'k=alice&k=',
      'k=********&k=',
      spelledHex(REVERSED).slice(0, 16),
    ])
    assert.ok(!/\*{8}\\?",\\?"\*{8}/.test(json), 'a JSON array of masked values (its length spells a character) is in the report')
    assert.ok(!/alice\\r\\nalice|\*{8}\\r\\n\*{8}/.test(json), 'text/plain lines (username or not) are in the report')
    const bodies = [...json.matchAll(/"url":"[^"]*\/t\d[^"]*","headers":\{[^}]*\},"body":"([^"]*)"/g)].map((m) => m[1])
    assert.ok(bodies.length >= 5, `the channels' requests are not in the report (${bodies.length})`)
    for (const b of bodies) assert.match(b!, /^\[body withheld: sent after the browser typed the password/)
  })

  test('F8: refused origins whose host spells the password or the session id are counted, never named', async () => {
    const { report, sids } = await scanned(['hosts'])
    assert.ok(sids.length > 0)
    assertNone(report, [
      spelledHex(REVERSED).slice(0, 16),
      wsLabel(PASSWORD).slice(0, 12),
      ...sids.map((s) => [...s].reverse().join('').slice(0, 12)),
    ])
    const notes = report.notes.join('\n')
    assert.match(
      notes,
      /requests to (?:one other place|several other places|many other places) \(host and port\) outside the scan's scope were refused/,
      notes,
    )
  })

  test("F8: a failed login's error names no refused host", async () => {
    const login = await startSpellingLogin(['hosts'])
    try {
      const steps = [
        { fill: { selector: 'input[name=username]', value: '{username}' } },
        { fill: { selector: 'input[name=password]', value: '{password}' } },
        { click: 'button' },
        { wait: { url: '/never' } },
      ]
      const cfg = config(login.app.url, { steps }) as { scope: unknown }
      cfg.scope = { timeout: '4s', budget: '1m' }
      await assert.rejects(scan(cfg as never), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'SG_LOGIN_FAILED', err.message)
        assert.match(err.message, /requests to (?:one other place|several other places|many other places) \(host and port\)/, err.message)
        for (const n of [spelledHex(REVERSED).slice(0, 16), wsLabel(PASSWORD).slice(0, 12), '.example'])
          assert.ok(!err.message.includes(n), `the error holds ${n}: ${err.message}`)
        for (const s of login.sids) assert.ok(!err.message.includes([...s].reverse().join('').slice(0, 12)), err.message)
        return true
      })
    } finally {
      await login.close()
    }
  })

  test('F2: cookies a page script set are shown neither by name nor by any piece of their value', async () => {
    const { report, sent, sids } = await scanned(['cookies'])
    assert.ok(sent.includes('c4=unte'), 'the page did not set its cookies')
    const pieces = [0, 4, 8, 12].map((i) => `c${i}=${PASSWORD.slice(i, i + 4)}`)
    assertNone(report, [...pieces, `rv=${REVERSED.slice(0, 4)}`, ...sids.map((s) => `rs=${[...s].reverse().join('').slice(0, 4)}`)])
    const json = JSON.stringify(report)
    // not by name either (the page's source in the login page's excerpt names them; a Cookie header must not)
    const cookieHeaders = [...json.matchAll(/"cookie":"([^"]*)"/g)].map((m) => m[1]!)
    assert.ok(cookieHeaders.length > 0)
    for (const h of cookieHeaders) assert.ok(!/(^|; )(c\d+|rv|rs)=/.test(h), h)
    assert.match(json, /\[cookies a page script set: withheld\]/)
    // the session still works as the target set it: the fixation the page allows is found
    assert.ok(
      report.findings.some((f) => f.id === 'SG-FIX-LOGIN'),
      render(report, 'pretty'),
    )
  })
})

// r25c: what the scanner's own words said of where the page was, and what the target set after the password
describe('the path a page chooses after typing, and cookies the target sets after it heard the password', () => {
  test("the login's description shows the origin, never a path the page chose after typing", async () => {
    const login = await startSpellingLogin(['path'])
    try {
      // a check the login cannot pass: the error quotes what the browser did, down to where it ended
      const cfg = config(login.app.url, { check: { url: '/account', contains: 'never shown' } }) as { scope: unknown }
      cfg.scope = { timeout: '4s', budget: '1m' }
      await assert.rejects(scan(cfg as never), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'SG_LOGIN_FAILED', err.message)
        assert.ok(login.app.sent().includes('POST /login\n'), 'the page did not post the form')
        for (const n of [spelledHex(REVERSED).slice(0, 16), '/u/'])
          assert.ok(!err.message.includes(n), `the error holds ${n}: ${err.message}`)
        assert.match(
          err.message,
          /ended on http:\/\/127\.0\.0\.1:\d+, at a path not shown \(no setting names it, and once the password is typed the page can choose it\)/,
          err.message,
        )
        return true
      })
    } finally {
      await login.close()
    }
  })

  test("a failed step's error shows the origin, never a path the page chose after typing", async () => {
    const login = await startSpellingLogin(['path'])
    try {
      const steps = [
        { fill: { selector: 'input[name=username]', value: '{username}' } },
        { fill: { selector: 'input[name=password]', value: '{password}' } },
        { click: 'button' },
        { wait: { url: '/never' } },
      ]
      const cfg = config(login.app.url, { steps }) as { scope: unknown }
      cfg.scope = { timeout: '4s', budget: '1m' }
      await assert.rejects(scan(cfg as never), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'SG_LOGIN_FAILED', err.message)
        assert.match(err.message, /page at http:\/\/127\.0\.0\.1:\d+, at a path not shown/, err.message)
        for (const n of [spelledHex(REVERSED).slice(0, 16), '/u/'])
          assert.ok(!err.message.includes(n), `the error holds ${n}: ${err.message}`)
        return true
      })
    } finally {
      await login.close()
    }
  })

  test('cookies the target set after it received the password show no piece of their values', async () => {
    const { report } = await scanned(['set-cookie'])
    const pieces = PASSWORD.match(/.{1,4}/g)!.map((p, i) => `k${i}=${p}`)
    assertNone(report, [...pieces, `kr=${REVERSED.slice(0, 4)}`])
    const json = JSON.stringify(report)
    // they are there, masked whole: the evidence still shows that they were set, and how long each is
    assert.match(json, /k1=\*{4}…\[9\]/)
    // the pre-login id the target kept is known from before the login: still followed through the evidence
    assert.ok(
      report.findings.some((f) => f.id === 'SG-FIX-LOGIN'),
      render(report, 'pretty'),
    )
  })
})
