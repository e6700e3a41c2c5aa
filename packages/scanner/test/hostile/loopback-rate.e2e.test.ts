// Issue 15 item 10: the rate limit is lifted only when the sockets show the target is this machine.
// A host name that merely looks like loopback (127.0.0.1.nip.io) no longer lifts it, and an
// address that is loopback without looking like it (::ffff:127.0.0.1) does.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { startHostileApp } from '@sessionguard/testkit'
import { ConnectedRate, isLoopbackAddress } from '../../src/http/connected-loopback.js'
import { HttpEngine } from '../../src/http/client.js'
import { Scope } from '../../src/http/scope.js'
import { engineOptions } from '../engine/engine-options.js'

describe('loopback is decided from the connected address', () => {
  test('addresses', () => {
    for (const a of ['127.0.0.1', '127.255.3.4', '::1', '::ffff:127.0.0.1', '::FFFF:7f00:1', '0:0:0:0:0:0:0:1'])
      assert.equal(isLoopbackAddress(a), true, a)
    for (const a of ['10.0.0.1', '128.0.0.1', '::2', '::ffff:10.0.0.1', '::ffff:a00:1', '127.0.0.1.nip.io', 'localhost', '', undefined])
      assert.equal(isLoopbackAddress(a), false, String(a))
  })

  test('one connection elsewhere puts the polite rate back for the rest of the scan', () => {
    const rates: number[] = []
    const r = new ConnectedRate(50, 100_000, (x) => rates.push(x))
    r.connected('127.0.0.1')
    r.connected('127.0.0.1')
    assert.equal(r.onLoopback, true)
    r.connected('93.184.216.34')
    r.connected('127.0.0.1')
    assert.deepEqual(rates, [100_000, 50])
    assert.equal(r.onLoopback, false)
  })

  test('a configured rate is never lifted', () => {
    const rates: number[] = []
    const r = new ConnectedRate(5, undefined, (x) => rates.push(x))
    r.connected('127.0.0.1')
    assert.deepEqual(rates, [])
  })

  test('a hostile server reached through ::ffff:127.0.0.1 (not loopback by its name) is scanned at the loopback rate', async () => {
    const app = await startHostileApp((_req, res) => void res.end('ok'))
    const target = app.url.replace('127.0.0.1', '[::ffff:127.0.0.1]')
    const http = new HttpEngine(new Scope(target), engineOptions({ rate: 5, loopbackRate: 100_000 }))
    try {
      const t0 = performance.now()
      for (let i = 0; i < 30; i++) await http.send({ actor: 'scanner', path: `/r${i}` })
      const ms = performance.now() - t0
      assert.equal(http.onLoopback, true)
      // at 5 requests per second, 30 requests after a burst of 5 take 5 s
      assert.ok(ms < 2500, `${Math.round(ms)} ms`)
      assert.equal(app.requests.length, 30)
    } finally {
      await http.close()
      await app.close()
    }
  })
})
