import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { progressPrinter } from '../src/progress.js'

function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = {
    isTTY,
    columns: 80,
    text: '',
    write(chunk: string) {
      s.text += chunk
      return true
    },
  }
  return s as unknown as NodeJS.WriteStream & { text: string }
}

test('piped output: plain periodic lines with the current step and the time, no escapes; nothing before the first period', async () => {
  const out = stream(false)
  let t = 0
  const p = progressPrinter({ quiet: false, stream: out, intervalMs: 30, now: () => t })
  p.onProgress({ kind: 'phase', phase: 'login', detail: '/login' })
  assert.equal(out.text, '', 'a quick run prints nothing')
  t = 12_000
  await sleep(45)
  p.onProgress({ kind: 'tokens', collected: 500, total: 2000 })
  t = 24_000
  await sleep(40)
  p.done()
  const lines = out.text.trim().split('\n')
  assert.ok(lines.length >= 2, out.text)
  assert.equal(lines[0], 'sessionguard: login: /login (12s)')
  assert.ok(lines.includes('sessionguard: sampling tokens 500/2000 (24s)'), out.text)
  assert.doesNotMatch(out.text, /\x1b/)
  const before = out.text
  await sleep(50)
  assert.equal(out.text, before, 'done() stops the lines')
})

test('quiet prints no progress, only warnings; a terminal gets the line rewritten in place', async () => {
  const quiet = stream(false)
  const q = progressPrinter({ quiet: true, stream: quiet, intervalMs: 10 })
  q.onProgress({ kind: 'phase', phase: 'discover' })
  q.onProgress({ kind: 'warning', message: 'scanner session lost' })
  await sleep(30)
  q.done()
  assert.equal(quiet.text, 'sessionguard: warning: scanner session lost\n')

  const tty = stream(true)
  const t = progressPrinter({ quiet: false, stream: tty, intervalMs: 10 })
  t.onProgress({ kind: 'phase', phase: 'discover', detail: 'http://127.0.0.1:3000' })
  await sleep(30)
  t.done()
  assert.equal(tty.text, '\r\x1b[2K… discover: http://127.0.0.1:3000\r\x1b[2K')
})
