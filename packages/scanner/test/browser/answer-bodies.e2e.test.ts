// r27br A1/A2: AnswerBodies held each fetch answer until its whole body was read (a streamed answer never
// reached the page), and kept a view of the whole decoded answer however short its cut at max_body.
import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { chromium, type Browser } from 'playwright-core'
import { AnswerBodies } from '../../src/login/browser/answer-bodies.js'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

const MAX_BODY = 5000

describe('answer bodies read for the recorder', { concurrency: 1 }, () => {
  let browser: Browser
  let server: http.Server
  let base = ''
  let gotFirst: () => void = () => undefined
  const firstChunkRead = new Promise<void>((r) => (gotFirst = r))
  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/events') {
        // the stream goes on until the page says it read the first event
        res.writeHead(200, { 'content-type': 'text/event-stream' })
        res.write('data: first\n\n')
        void firstChunkRead.then(() => res.end('data: last\n\n'))
        return
      }
      if (req.url === '/got') {
        gotFirst()
        return void res.end('ok')
      }
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' })
        for (let i = 0; i < 50; i++) res.write('y'.repeat(2000))
        return void res.end()
      }
      res.setHeader('content-type', 'text/html')
      res.end('<p>ok</p>')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'], chromiumSandbox: false })
  })
  after(async () => {
    gotFirst()
    await browser?.close()
    server.closeAllConnections()
    server.close()
  })

  test('a streamed answer reaches the page before it ends', { timeout: 60_000 }, async () => {
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await AnswerBodies.attach(context, page, MAX_BODY)
      await page.goto(`${base}/`)
      // held until complete, the page never reads the first event, never asks /got, and the stream never ends
      const read = await page.evaluate(async () => {
        const r = await fetch('/events')
        const c = await r.body!.getReader().read()
        await fetch('/got')
        return new TextDecoder().decode(c.value)
      })
      assert.match(read, /data: first/)
    } finally {
      await context.close()
    }
  })

  test('a kept body holds its cut at max_body, not the whole answer', async () => {
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      const bodies = await AnswerBodies.attach(context, page, MAX_BODY)
      await page.goto(`${base}/`)
      await page.evaluate(() => fetch('/big').then((r) => r.text()))
      const kept = bodies.take(`${base}/big`)
      assert.ok(kept, 'the body was kept')
      assert.equal(kept.length, MAX_BODY + 1)
      assert.ok(kept.buffer.byteLength < 100_000, `the cut keeps ${kept.buffer.byteLength} bytes alive`)
    } finally {
      await context.close()
    }
  })
})
