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

test('text a target may have written (a path, a warning) reaches the terminal with its control characters shown, never obeyed', () => {
  for (const isTTY of [true, false]) {
    const out = stream(isTTY)
    const p = progressPrinter({ quiet: false, stream: out })
    // OSC 52 writes the clipboard; a carriage return and an erase-line rewrite what was printed
    p.onProgress({ kind: 'warning', message: 'probe: could not complete (\x1b]52;c;cm0gLXJmIH4=\x07\r\x1b[2Kall good)' })
    p.onProgress({ kind: 'check', id: 'SG-IDOR', status: 'start', detail: 'bob requests alice\u2028s /o/\x1b[8mhidden' })
    p.done()
    const ours = out.text.replace(/\r\x1b\[2K(… )?/g, '')
    assert.doesNotMatch(ours, /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028]/, JSON.stringify(out.text))
    assert.match(out.text, /\\x1b\]52;c;cm0gLXJmIH4=\\x07\\x0d\\x1b\[2Kall good/)
  }
})
