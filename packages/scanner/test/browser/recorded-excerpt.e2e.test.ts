// Attack review r23c: the browser's recorder cut a page's body to the shown excerpt (600 characters)
// before the redactor saw it, so a target that reflects the password across character 600 kept the
// first part of it in clear (the redactor cannot match a secret it sees only the start of). The
// engine's own client keeps a longer raw excerpt for this reason; the browser's recorder now does too.
import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { startHostileApp } from '@sessionguard/testkit'
import { ActorSession } from '../../src/actors/session.js'
import { Redactor } from '../../src/http/redact.js'
import { TrafficRecorder } from '../../src/login/browser/record.js'
import { bareDriver } from './bare-driver.js'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

const PASSWORD = 'Straddle-Pw-4711-zz'
describe('the excerpt of a page the browser recorded', () => {
  const closers: Array<() => Promise<unknown>> = []
  // before the file's own check that no chromium outlives its tests
  after(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined)
  })

  test('a password a page reflects across the end of the excerpt leaves none of its characters in the recorded exchange', async () => {
    const app = await startHostileApp((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8')
      const head = '<!doctype html><html><body><p>Signed in as alice</p><p>'
      // the password starts 6 characters before the shown excerpt ends
      res.end(`${head}${'x'.repeat(600 - 6 - head.length)}${PASSWORD}</p></body></html>`)
    })
    closers.push(() => app.close())
    const { scope, config, driver } = bareDriver(app.url, closers)
    const { context, page } = await driver.open(new ActorSession('victim'), { login: false })
    const recorder = new TrafficRecorder(context, 'victim', [scope.origin], config.scope.max_body)
    await page.goto(`${app.url}/account`, { waitUntil: 'load' })
    await recorder.idle(300, 10_000)
    const recorded = (await recorder.all()).find((r) => r.document)
    assert.ok(recorded, 'the page was recorded')
    const redactor = new Redactor()
    redactor.addPassword(PASSWORD)
    const shown = redactor.exchange(recorded.exchange).response!.body!
    assert.equal(shown.length, 600, 'the excerpt is cut to its length')
    assert.ok(!shown.includes(PASSWORD.slice(0, 6)), `the start of the password is in the excerpt: …${shown.slice(-20)}`)
  })
})
