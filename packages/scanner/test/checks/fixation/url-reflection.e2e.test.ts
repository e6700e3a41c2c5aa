import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { render, scan, type ScanReport } from '@sessionguard/scanner'
import * as apps from '@sessionguard/testkit'

// SG-URL on real login_required redirects: Django's and Flask-Login's send a visitor to the login page
// with ?next=<the URL asked for, query string included>. The scanner asks for the check URL with the
// session id in the query (is the id honoured there too?), so those apps hand its own id back in a
// URL: a reflection, not a leak. The control is a Django page that really puts the session key into a
// link. (url-leaks.test.ts has the escaping cases on hand-made traffic.)

const ids = (r: ScanReport): string[] => [...new Set(r.findings.map((f) => f.id))].sort()
const status = (r: ScanReport, id: string): string | undefined => r.checks.find((c) => c.id === id)?.status

async function withApp(start: () => Promise<apps.TargetApp>, body: (app: apps.TargetApp) => Promise<void>): Promise<void> {
  const app = await start()
  try {
    await body(app)
  } finally {
    await app.close()
  }
}

/** The app echoes an id sent in the query of a protected URL into the Location of its login redirect. */
async function reflects(url: string, param: string): Promise<boolean> {
  const probe = 'reflectionprobe0123456789'
  const res = await fetch(`${url}?${param}=${probe}`, { redirect: 'manual' })
  return res.status === 302 && (res.headers.get('location') ?? '').includes(probe)
}

describe('SG-URL: a login redirect that echoes the requested URL is not a leak', () => {
  test('Django @login_required (/accounts/login/?next=/account/%3Fsessionid%3D…): SG-URL passed, nothing else changes', async () => {
    await withApp(
      () => apps.startDjangoAuthApp({ mode: 'plain' }),
      async (app) => {
        assert.ok(await reflects(`${app.url}/account/`, 'sessionid'), 'the app hands the requested URL back in ?next=')
        const report = await scan(app.config as never)
        const pretty = render(report, 'pretty')
        assert.deepEqual(ids(report), ['SG-COOKIE-PREFIX', 'SG-COOKIE-SECURE'], pretty)
        assert.equal(status(report, 'SG-URL'), 'passed', pretty)
        for (const id of ['SG-FIX-ADOPT', 'SG-PERMISSIVE', 'SG-LOGOUT']) assert.equal(status(report, id), 'passed', `${id}\n${pretty}`)
      },
    )
  })

  test('Flask-Login login_required (/login?next=%2Faccount%3Fsession%3D…): SG-URL passed', async () => {
    await withApp(
      () => apps.startFlaskNotesApp({ mode: 'owner' }),
      async (app) => {
        assert.ok(await reflects(`${app.url}/account`, 'session'), 'the app hands the requested URL back in ?next=')
        const report = await scan(app.config as never)
        const pretty = render(report, 'pretty')
        assert.equal(status(report, 'SG-URL'), 'passed', pretty)
        assert.ok(!ids(report).includes('SG-URL'), pretty)
      },
    )
  })

  test('control: a Django page that puts the session key into a link is still SG-URL, leaked, with that page as proof', async () => {
    await withApp(
      () => apps.startDjangoAuthApp({ mode: 'share-link' }),
      async (app) => {
        const report = await scan(app.config as never)
        const pretty = render(report, 'pretty')
        assert.deepEqual(ids(report), ['SG-COOKIE-PREFIX', 'SG-COOKIE-SECURE', 'SG-URL'], pretty)
        assert.equal(status(report, 'SG-URL'), 'failed')
        const leak = report.findings.find((f) => f.id === 'SG-URL')!
        assert.match(leak.title, /id leaked into a URL/)
        assert.match(leak.summary, /it appears in a link in \/account\//)
        assert.equal(new URL(leak.evidence[0]!.request.url).pathname, '/account/')
        assert.ok(!JSON.stringify(report).includes('alice-password-1'))
      },
    )
  })
})
