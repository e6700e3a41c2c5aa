// r23f/r23r: the screenshot check asks the redactor whether the page's text holds a secret. A text
// the redactor could not check within its budget (a hostile set of ids) drops the picture too, and
// the note must say that, not that the page shows a secret.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { resolveConfig } from '@sessionguard/scanner'
import { startHostileBrowserLogin, type HostileBrowserLogin } from '@sessionguard/testkit'
import { HttpEngine } from '../../src/http/client.js'
import { Redactor } from '../../src/http/redact.js'
import { Scope } from '../../src/http/scope.js'
import { BrowserLoginDriver } from '../../src/login/browser/driver.js'
import { takeScreenshot } from '../../src/login/browser/screenshot.js'
import { engineOptions, SHARED_DRIVER_BUDGET_MS } from '../engine/engine-options.js'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

describe('the screenshot note says why no picture was kept', () => {
  const sid = `s${randomUUID().replace(/-/g, '')}`
  let target: HostileBrowserLogin
  let driver: BrowserLoginDriver
  let http: HttpEngine
  before(async () => {
    target = await startHostileBrowserLogin()
    const config = resolveConfig(target.config)
    const scope = new Scope(target.url)
    http = new HttpEngine(scope, engineOptions({ budgetMs: SHARED_DRIVER_BUDGET_MS }))
    driver = new BrowserLoginDriver({ ...config, scope: { ...config.scope, budget: SHARED_DRIVER_BUDGET_MS } }, scope, http)
    // the check page is shown only to a logged-in session: log this one in over HTTP
    await fetch(`${target.url}/login`, {
      method: 'POST',
      body: 'username=alice&password=x',
      headers: { cookie: `sid=${sid}` },
      redirect: 'manual',
    })
  })
  after(async () => {
    await driver?.close()
    await http?.close()
    await target?.close()
  })

  const shoot = (variant: string, redactor: Redactor): Promise<unknown> =>
    takeScreenshot(
      driver,
      { actor: 'attacker', request: { method: 'GET', url: `${target.url}/account?v=${variant}`, headers: { cookie: `sid=${sid}` } } },
      { kind: 'cookie', name: 'sid' },
      resolveConfig(target.config).login!,
      redactor,
      target.url,
    )

  test('a page text too costly to check drops the picture with a note that says so, not that the page shows a secret', async () => {
    const redactor = new Redactor()
    for (let i = 0; i < 200; i++) redactor.addSecret(`${'a'.repeat(2000)}Z${i.toString(36)}`)
    const shot = await shoot('long-text', redactor)
    assert.equal(shot, "the page's text could not be checked for secrets in bounded time, so no picture was kept")
    // the check is not evidence: the report's count of withheld texts is left alone
    assert.equal(redactor.withheld, 0)
  })

  test('a page that shows a known secret drops the picture with the note that it shows a secret', async () => {
    const redactor = new Redactor()
    redactor.addSecret('Signed in as alice')
    assert.equal(await shoot('plain', redactor), 'the page shows a secret (a password or session id), so no picture was kept')
  })
})
