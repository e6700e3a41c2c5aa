// r23j H2, M1, M2: a login page makes the scanner's browser post the typed password in legacy charsets
// (a page's charset, odd labels, a form's accept-charset naming another encoding than its page;
// urlencoded, multipart and text/plain forms) and reflects what it received as base64 and hex. One
// scan covers every case (each login posts them all); the password may appear in no report format,
// no progress line, in no form of the bytes the target really received.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { FORMATS, render, resolveConfig, scan } from '@sessionguard/scanner'
import { CHARSET_ACCOUNT, CHARSET_FRAMES, passwordBytes, startCharsetLogin } from '@sessionguard/testkit'
import { ActorSession } from '../../src/actors/session.js'
import { HttpEngine } from '../../src/http/client.js'
import { Redactor } from '../../src/http/redact.js'
import { Scope } from '../../src/http/scope.js'
import { BrowserLoginDriver } from '../../src/login/browser/driver.js'
import { engineOptions } from '../engine/engine-options.js'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

/** The base64 characters `bytes` alone decide inside a longer base64 string, `k` bytes past a 3-byte boundary. */
function base64Inside(bytes: Buffer, k: number): string {
  const full = Buffer.concat([Buffer.alloc(k), bytes])
    .toString('base64')
    .replace(/=+$/, '')
  return full.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6))
}

/** Every way the report could show these posted bytes of the password. */
function bytesForms(bytes: Buffer): string[] {
  const out = [bytes.toString('utf8'), bytes.toString('latin1'), bytes.toString('hex'), bytes.toString('hex').toUpperCase()]
  for (const k of [0, 1, 2]) {
    const core = base64Inside(bytes, k)
    out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  out.push(
    [...bytes].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
    [...bytes]
      .map((b) =>
        /[A-Za-z0-9*\-._]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
      )
      .join(''),
  )
  return out
}

describe('a login page that makes the browser post the password in legacy charsets and reflects it', () => {
  test('the password is in no report format and no progress line, in any form of the bytes each charset and enctype posted (raw, percent, base64, hex)', async () => {
    const target = await startCharsetLogin()
    try {
      const lines: string[] = []
      const report = await scan(target.config as never, { traffic: true, onProgress: (e) => lines.push(JSON.stringify(e)) })
      assert.ok(
        report.findings.some((f) => f.id === 'SG-FIX-LOGIN'),
        render(report, 'pretty'),
      )
      const posts = target.app.requests.filter((r) => r.method === 'POST' && r.url.startsWith('/login'))
      const received = posts.map((r) => {
        const bytes = passwordBytes(Buffer.from(r.body, 'latin1'), String(r.headers['content-type'] ?? ''))
        assert.ok(bytes, `no password in ${r.url}: ${r.body}`)
        return { url: r.url, body: Buffer.from(r.body, 'latin1'), bytes }
      })
      // every case was exercised, each in bytes of its own (not the password's UTF-8)
      const utf8 = Buffer.from(CHARSET_ACCOUNT.password)
      for (const [i, frame] of CHARSET_FRAMES.entries()) {
        const mine = received.filter((r) => r.url === `/login?frame=${i}`)
        assert.ok(mine.length > 0, `frame ${i} (${JSON.stringify(frame)}) never posted`)
        for (const r of mine) assert.ok(!r.bytes.equals(utf8), `frame ${i} posted UTF-8`)
        if (frame.charset === 'iso-2022-jp') assert.ok(mine[0]!.bytes.includes(0x1b), 'ISO-2022-JP escapes')
      }
      const main = received.find((r) => r.url === '/login')
      assert.ok(main, 'the page itself posted')
      assert.equal(main.bytes.toString('hex').slice(0, 26), Buffer.from('Zq7Vx-Horse-').toString('hex') + 'cf', 'windows-1251')
      // the scanner's own encoding step is answered inside the browser: nothing of it reached the walls
      assert.ok(!report.notes.some((n) => n.includes('sg-charset')), report.notes.join('\n'))
      const everything = [...FORMATS.map((f) => render(report, f)), JSON.stringify(report), ...lines].join('\n')
      for (const clue of [CHARSET_ACCOUNT.password, 'Zq7Vx-Horse', encodeURIComponent(CHARSET_ACCOUNT.password)])
        assert.ok(!everything.includes(clue), `${clue} in the report`)
      for (const r of received) {
        // the reflection of the whole body (the target's own page shows it), and every form of the password's bytes
        for (const form of [r.body.toString('base64'), ...bytesForms(r.bytes)])
          assert.ok(!everything.includes(form), `${r.url}: ${form} in the report`)
      }
    } finally {
      await target.close()
    }
  })
})

describe('when the browser cannot say which bytes it posts the password in', () => {
  test('the password is not typed: the login fails with that reason and the target receives no post', async () => {
    const target = await startCharsetLogin()
    const config = resolveConfig(target.config)
    const scope = new Scope(target.url)
    const http = new HttpEngine(scope, engineOptions({ budgetMs: 120_000 }))
    const redactor = new Redactor()
    const driver = new BrowserLoginDriver(config, scope, http, process.env.SESSIONGUARD_BROWSER || 'chromium', redactor)
    try {
      // the browser dies under the driver (as in a crash) once it has started
      const { context } = await driver.open(new ActorSession('probe'), { login: false })
      await context.browser()!.close()
      await assert.rejects(
        driver.perform(new ActorSession('victim'), { ...CHARSET_ACCOUNT }, 'logs in', {}),
        (err: Error & { code?: string }) => {
          assert.equal(err.code, 'SG_SCAN_FAILED', err.message)
          assert.match(err.message, /could not say which bytes it posts the password in .*the password was not typed/)
          assert.ok(!err.message.includes('Zq7Vx'), err.message)
          return true
        },
      )
      assert.deepEqual(
        target.app.requests.filter((r) => r.method === 'POST'),
        [],
        'a post reached the target',
      )
    } finally {
      await driver.close()
      await http.close()
      await target.close()
    }
  })
})
