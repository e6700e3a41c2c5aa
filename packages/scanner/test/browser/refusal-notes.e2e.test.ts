// Attack review r23: the report keeps 20 lines about what the browser was refused. A hostile page
// that first tries 30 other origins filled them, so a later refusal (the one that matters, such as a
// re-posted login form) went unnamed and the list read as complete. Past the limit, the list says so.
import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { startHostileApp } from '@sessionguard/testkit'
import { ActorSession } from '../../src/actors/session.js'
import { bareDriver } from './bare-driver.js'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

describe('the refusals the report lists', () => {
  const closers: Array<() => Promise<unknown>> = []
  // before the file's own check that no chromium outlives its tests
  after(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined)
  })

  test('a page that floods the refusals: the list stops at its limit and says that more was refused', async () => {
    const app = await startHostileApp((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8')
      const origins = Array.from({ length: 30 }, (_, i) => `http://127.0.0.${i + 2}:9/`)
      res.end(
        `<p>flood</p><script>Promise.allSettled(${JSON.stringify(origins)}.map((o) => fetch(o + 'x'))).then(() => fetch('http://localhost:9/the-one-that-matters').catch(() => {})).finally(() => { document.title = 'done' })</script>`,
      )
    })
    closers.push(() => app.close())
    const { driver } = bareDriver(app.url, closers)
    const { page } = await driver.open(new ActorSession('attacker'), { login: false })
    await page.goto(app.url, { waitUntil: 'load' })
    await page.waitForFunction(() => document.title === 'done', undefined, { timeout: 20_000 })
    assert.equal(driver.notes.length, 20, driver.notes.join('\n'))
    assert.match(driver.notes.at(-1)!, /more was refused than this list names \(it stops at 19\)/)
    assert.ok(!driver.notes.some((n) => n.includes('localhost:9')), 'the refusal past the limit is not listed (the last line says so)')
  })
})
