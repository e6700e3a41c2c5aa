// Attack review r23: a hostile page that first tried 30 other origins filled the report's list of
// refusals, so a later one went unnamed and the list read as complete. r24r F8: a refused origin's host
// is the page's choice, and a label of it can spell what the page read from the form; so the origins
// outside the scope are counted in one line, never named, and a flood cannot push anything out.
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

  test('a page that floods the refusals: one line counts every place, and names none of them', async () => {
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
    assert.equal(driver.notes.length, 1, driver.notes.join('\n'))
    assert.match(
      driver.notes[0]!,
      /^browser: requests to many other places \(host and port\) outside the scan's scope were refused before they left; not named/,
    )
    assert.ok(!driver.notes.some((n) => /127\.0\.0\.|localhost/.test(n)), driver.notes.join('\n'))
  })
})
