// Browser login against real single-page apps on 127.0.0.1, driven through Debian's chromium: the
// vulnerable forms get their fixation finding with a picture of the attacker's browser, the fixed forms
// none, the token app no fixation finding at all, and a login that cannot finish is a config error.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { chromium } from 'playwright-core'
import { render, scan, type ScanReport } from '@sessionguard/scanner'
import {
  ALICE,
  repoRoot,
  startOidcSsoApp,
  startSpaCookieApp,
  startSpaTokenApp,
  type OidcSsoApp,
  type TargetApp,
} from '@sessionguard/testkit'
import { reportValidator } from '../report/validators.js'
import { leftAfter, processesWithMarker } from './processes.js'

const ids = (r: ScanReport): string[] => [...new Set(r.findings.map((f) => f.id))].sort()
const status = (r: ScanReport, id: string): string | undefined => r.checks.find((c) => c.id === id)?.status
const FIXATION = ['SG-FIX-ADOPT', 'SG-FIX-LOGIN', 'SG-FIX-OLDID']
const FORMATS = ['pretty', 'json', 'sarif', 'junit', 'markdown', 'html', 'har'] as const

// every chromium this file starts inherits this, so a leftover can be found by it
const MARKER = `SG_BROWSER_TEST=${randomUUID()}`
before(() => {
  const [k, v] = MARKER.split('=') as [string, string]
  process.env[k] = v
})
after(async () => {
  assert.deepEqual(await leftAfter(MARKER), [], 'no chromium process outlives the scans')
})

async function withApp<T>(start: () => Promise<TargetApp>, fn: (app: TargetApp) => Promise<T>): Promise<T> {
  const app = await start()
  try {
    return await fn(app)
  } finally {
    await app.close()
  }
}

function assertNoSecrets(report: ScanReport): void {
  const everything = FORMATS.map((f) => render(report, f)).join('\n')
  assert.ok(!everything.includes(ALICE.password), 'the password never appears in a report')
  for (const f of report.findings)
    for (const x of f.evidence)
      if (x.screenshot) assert.ok(!x.screenshot.text.includes(ALICE.password), 'nor in the text a screenshot was taken from')
}

describe('browser login: single-page app, form rendered and posted by JavaScript, cookie session', () => {
  test('vulnerable (session id kept at login): SG-FIX-LOGIN with a screenshot of the attacker on the check URL', async () => {
    await withApp(
      () => startSpaCookieApp({ rotate: false }),
      async (app) => {
        const report = await scan(app.config as never, { screenshots: true })
        const pretty = render(report, 'pretty')
        assert.deepEqual(ids(report), ['SG-COOKIE-PREFIX', 'SG-COOKIE-SECURE', 'SG-FIX-LOGIN'], pretty)
        assert.equal(report.session.carrier?.kind, 'cookie')
        assert.equal(report.session.carrier?.name, 'sid')
        assert.equal(status(report, 'SG-FIX-ADOPT'), 'passed', "the planted cookie went into the victim's browser and was refused")
        // the stylesheet on another origin was never requested, and the report counts it without naming it (r24r F8)
        assert.ok(
          report.notes.some((n) =>
            /requests to (?:one other place|several other places|many other places) \(host and port\) outside the scan's scope were refused/.test(
              n,
            ),
          ),
          report.notes.join('\n'),
        )
        assert.ok(!report.notes.some((n) => n.includes('fonts.analytics.invalid')), report.notes.join('\n'))
        // the login really happened in a browser: the JSON POST the page's script sent is in the evidence
        const fix = report.findings.find((f) => f.id === 'SG-FIX-LOGIN')!
        assert.ok(
          fix.evidence.some(
            (x) => x.request.method === 'POST' && x.request.url.endsWith('/api/login') && x.note?.includes('(in the browser)'),
          ),
          'the fetch POST is part of the proof',
        )
        const shots = fix.evidence.filter((x) => x.screenshot)
        assert.equal(shots.length, 1, "one picture: the attacker's replay")
        const shot = shots[0]!
        assert.equal(shot.actor, 'attacker')
        assert.equal(shot.screenshot!.mediaType, 'image/png')
        const png = Buffer.from(shot.screenshot!.data, 'base64')
        assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG')
        assert.ok(png.length < 300 * 1024)
        assert.ok(shot.screenshot!.text.includes('alice'), "the attacker's browser shows the victim")
        assert.ok(reportValidator()(JSON.parse(render(report, 'json'))), 'the report with a screenshot matches its schema')
        assertNoSecrets(report)

        // the HTML report shows the picture: open it in chromium and check the image really renders
        const html = render(report, 'html')
        assert.ok(html.includes('<img src="data:image/png;base64,'))
        const out = join(repoRoot, 'test-artifacts')
        await mkdir(out, { recursive: true })
        await writeFile(join(out, 'browser-login-attacker.png'), png)
        const dir = await mkdtemp(join(tmpdir(), 'sg-html-'))
        const browser = await chromium.launch({
          executablePath: '/usr/bin/chromium',
          args: ['--headless', '--no-sandbox', '--disable-gpu'],
          chromiumSandbox: false,
        })
        try {
          await writeFile(join(dir, 'report.html'), html)
          const page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
          const external: string[] = []
          page.on('request', (r) => {
            if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) external.push(r.url())
          })
          await page.goto(`file://${join(dir, 'report.html')}`)
          const img = page.locator('figure.shot img').first()
          await img.scrollIntoViewIfNeeded()
          const rendered = await img.evaluate((e: HTMLImageElement) => ({
            complete: e.complete,
            w: e.naturalWidth,
            h: e.naturalHeight,
            shown: e.getBoundingClientRect().width,
          }))
          assert.ok(rendered.complete && rendered.w > 100 && rendered.h > 100 && rendered.shown > 100, JSON.stringify(rendered))
          assert.deepEqual(external, [], 'the report loads nothing from anywhere')
          await page
            .locator('figure.shot')
            .first()
            .screenshot({ path: join(out, 'browser-login-report.png') })
        } finally {
          await browser.close()
          await rm(dir, { recursive: true, force: true })
        }
      },
    )
  })

  test('without the operator asking for pictures, a confirmed fixation keeps none, and the report says so', async () => {
    await withApp(
      () => startSpaCookieApp({ rotate: false }),
      async (app) => {
        const report = await scan(app.config as never)
        assert.deepEqual(ids(report), ['SG-COOKIE-PREFIX', 'SG-COOKIE-SECURE', 'SG-FIX-LOGIN'], render(report, 'pretty'))
        assert.equal(report.findings.flatMap((f) => f.evidence).filter((x) => x.screenshot).length, 0)
        assert.ok(
          report.notes.some((n) =>
            /No screenshot of the attacker's browser was kept: pictures are taken only when the operator asks \(--screenshots\)/.test(n),
          ),
          report.notes.join('\n'),
        )
      },
    )
  })

  test('fixed (new id at login): no fixation finding, the attacks ran', async () => {
    await withApp(
      () => startSpaCookieApp({ rotate: true }),
      async (app) => {
        const report = await scan(app.config as never)
        assert.deepEqual(ids(report), ['SG-COOKIE-PREFIX', 'SG-COOKIE-SECURE'], render(report, 'pretty'))
        for (const id of [...FIXATION, 'SG-LOGOUT']) assert.equal(status(report, id), 'passed', `${id}: ${render(report, 'pretty')}`)
        assertNoSecrets(report)
      },
    )
  })
})

describe('browser login: single-page app with a bearer token in localStorage (configured steps)', () => {
  test('logout that only forgets the token: SG-LOGOUT, and no fixation finding', async () => {
    await withApp(
      () => startSpaTokenApp({ revoke: false }),
      async (app) => {
        const report = await scan(app.config as never)
        const pretty = render(report, 'pretty')
        assert.deepEqual(ids(report), ['SG-LOGOUT'], pretty)
        assert.deepEqual(
          report.session.carrier,
          { kind: 'header', name: 'Authorization' },
          'the header the page sends from storage carries the session',
        )
        // the planted token went into the victim's storage and the attack ran to the end
        assert.equal(status(report, 'SG-FIX-ADOPT'), 'passed', pretty)
        assert.match(report.checks.find((c) => c.id === 'SG-FIX-ADOPT')!.reason!, /Authorization header/)
        assert.equal(status(report, 'SG-LOGOUT'), 'failed')
        assertNoSecrets(report)
      },
    )
  })

  test('logout that revokes the token: no finding', async () => {
    await withApp(
      () => startSpaTokenApp({ revoke: true }),
      async (app) => {
        const report = await scan(app.config as never)
        assert.deepEqual(ids(report), [], render(report, 'pretty'))
        assert.equal(status(report, 'SG-LOGOUT'), 'passed')
        assert.equal(status(report, 'SG-FIX-ADOPT'), 'passed')
      },
    )
  })
})

describe('browser login that cannot finish', () => {
  test('a step that never happens is a config error (exit 2) naming the step, and the browser is closed', async () => {
    await withApp(
      () => startSpaTokenApp({ revoke: true }),
      async (app) => {
        const cfg = structuredClone(app.config) as { login: { steps: unknown[] }; scope?: unknown }
        cfg.login.steps = [...cfg.login.steps.slice(0, 4), { wait: { url: '/somewhere-else' } }]
        cfg.scope = { timeout: '3s' }
        await assert.rejects(scan(cfg as never), (err: Error & { code?: string; exitCode?: number }) => {
          assert.equal(err.code, 'SG_LOGIN_FAILED')
          assert.equal(err.exitCode, 2)
          assert.match(err.message, /step 5 \(wait for URL \/somewhere-else\)/)
          assert.ok(!err.message.includes(ALICE.password))
          return true
        })
        assert.deepEqual(await leftAfter(MARKER), [], 'no chromium left after the error')
      },
    )
  })

  test('a missing browser is a config error (exit 2) with the install command, before anything starts', async () => {
    await withApp(
      () => startSpaCookieApp({ rotate: true }),
      async (app) => {
        // the browser is the caller's option (the operator's), never a path in the config
        await assert.rejects(
          scan(app.config as never, { browser: '/nonexistent/chromium' }),
          (err: Error & { code?: string; exitCode?: number }) => {
            assert.equal(err.code, 'SG_CONFIG')
            assert.equal(err.exitCode, 2)
            assert.match(err.message, /apt-get install chromium/)
            assert.ok(!err.message.includes('\n'))
            return true
          },
        )
      },
    )
  })

  test('cancelling the scan during the login closes the browser', async () => {
    await withApp(
      () => startSpaTokenApp({ revoke: true }),
      async (app) => {
        const cfg = structuredClone(app.config) as { login: { steps: unknown[] } }
        cfg.login.steps = [{ wait: { ms: 60_000 } }]
        const ctrl = new AbortController()
        const running = scan(cfg as never, { signal: ctrl.signal })
        // wait until chromium is really up, then cancel
        const until = Date.now() + 60_000
        while (processesWithMarker(MARKER).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100))
        assert.ok(processesWithMarker(MARKER).length > 0, 'chromium started')
        ctrl.abort()
        await assert.rejects(running, (err: Error & { code?: string }) => err.code === 'SG_SCAN_FAILED' && /cancelled/.test(err.message))
        assert.deepEqual(await leftAfter(MARKER), [], 'no chromium left after cancelling')
      },
    )
  })
})

describe('browser login: single sign-on through a local OpenID Connect provider on another port', () => {
  test('session not rotated after the callback: SG-FIX-LOGIN with a screenshot; the provider was reached only during the login', async () => {
    await withApp(
      () => startOidcSsoApp({ rotate: false }),
      async (app) => {
        const report = await scan(app.config as never, { screenshots: true })
        const pretty = render(report, 'pretty')
        assert.deepEqual(ids(report), ['SG-COOKIE-PREFIX', 'SG-COOKIE-SECURE', 'SG-FIX-LOGIN'], pretty)
        assert.equal(report.session.carrier?.name, 'notes.sid')
        const fix = report.findings.find((f) => f.id === 'SG-FIX-LOGIN')!
        // the round trip through the provider is part of the proof: its login form and the callback
        const idp = (app as OidcSsoApp).idp
        assert.ok(
          fix.evidence.some((x) => x.request.url.startsWith(`${idp}/interaction/`) && x.request.method === 'POST'),
          "the provider's login form was submitted",
        )
        assert.ok(
          fix.evidence.some((x) => new URL(x.request.url).pathname === '/callback'),
          'the callback is in the evidence',
        )
        const shot = fix.evidence.find((x) => x.screenshot)
        assert.ok(shot, "a screenshot of the attacker's browser")
        assert.match(shot.screenshot!.text, /Signed in as alice/)
        // the provider's page pulls a web font from the internet: blocked and counted, not named (r24r F8)
        assert.ok(
          report.notes.some((n) =>
            /requests to (?:one other place|several other places|many other places) \(host and port\) outside the scan's scope were refused/.test(
              n,
            ),
          ),
          report.notes.join('\n'),
        )
        assert.ok(!report.notes.some((n) => n.includes('fonts.googleapis.com')), report.notes.join('\n'))
        assertNoSecrets(report)
      },
    )
  })

  test('session rotated after the callback: no fixation finding', async () => {
    await withApp(
      () => startOidcSsoApp({ rotate: true }),
      async (app) => {
        const report = await scan(app.config as never)
        assert.deepEqual(ids(report), ['SG-COOKIE-PREFIX', 'SG-COOKIE-SECURE'], render(report, 'pretty'))
        for (const id of FIXATION) assert.equal(status(report, id), 'passed')
      },
    )
  })

  test('without the provider in scope.login_origins the redirect to it is refused, nothing is typed there: exit 2, the redirect reported', async () => {
    await withApp(
      () => startOidcSsoApp({ rotate: true }),
      async (app) => {
        const cfg = structuredClone(app.config) as { scope?: unknown }
        cfg.scope = { timeout: '3s' }
        await assert.rejects(scan(cfg as never), (err: Error & { code?: string; exitCode?: number }) => {
          assert.equal(err.code, 'SG_LOGIN_FAILED')
          assert.equal(err.exitCode, 2)
          // the provider is another port of the same host: the proxy refuses it (it used to be followed)
          assert.match(err.message, /failed at opening the login page \/login/)
          assert.match(
            err.message,
            /the target redirected a GET to an origin outside the scan's scope \(not named: the target chose it\); the scan's proxy refused it/,
          )
          return true
        })
      },
    )
  })
})

describe('browser login: the picture keeps no secret', () => {
  test('a check page that shows the session id gets no screenshot, and the report says why', async () => {
    await withApp(
      () => startSpaCookieApp({ rotate: false, echoSession: true }),
      async (app) => {
        const report = await scan(app.config as never, { screenshots: true })
        assert.deepEqual(ids(report), ['SG-COOKIE-PREFIX', 'SG-COOKIE-SECURE', 'SG-FIX-LOGIN'], render(report, 'pretty'))
        const fix = report.findings.find((f) => f.id === 'SG-FIX-LOGIN')!
        assert.equal(fix.evidence.filter((x) => x.screenshot).length, 0, 'no picture of a page showing a session id')
        assert.ok(
          report.notes.some((n) => /SG-FIX-LOGIN: no screenshot: the page shows a secret/.test(n)),
          report.notes.join('\n'),
        )
        assert.ok(!render(report, 'html').includes('data:image/png'))
      },
    )
  })
})
