// Issue 15 item 8: the monitor's log and its stdout alerts print target-controlled text (finding
// titles, error messages) with every control character made visible: no terminal escape is obeyed
// and no forged log line appears.
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { FileHistoryStore } from '../../src/store/index.js'
import { Monitor, streamSink } from '../../src/monitor/index.js'
import { terminalSafe } from '../../src/monitor/terminal-safe.js'
import { fakeNow, scriptedScan } from '../helpers/fake-scan.js'
import { buildReport } from '../helpers/report-builder.js'

const T = 'http://127.0.0.1:5009'
const ESCAPES = '\x1b]0;pwned\x07\x1b[2J\x1b[8m'
const FORGED = '\r\n2026-01-01T00:00:00Z app: baseline grade A (score 100), 0 finding(s)\u202e'

test('hostile finding titles and error messages reach the monitor output with their controls made visible', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sg-monitor-esc-'))
  try {
    const out: string[] = []
    const hostile = `SG-FIX-LOGIN ${ESCAPES}victim${FORGED}`
    const scan = scriptedScan({
      [T]: [
        buildReport({ target: T, findings: [{ id: 'SG-COOKIE-SECURE' }] }),
        buildReport({ target: T, findings: [{ id: 'SG-COOKIE-SECURE' }, { id: 'SG-FIX-LOGIN', title: hostile }] }),
        new Error(`login page said: ${ESCAPES}${FORGED}`),
      ],
    })
    const m = new Monitor({
      targets: [{ name: `app${ESCAPES}`, config: { target: T }, everyMs: 60_000, key: T, tags: [] }],
      store: new FileHistoryStore(dir),
      scanFn: scan,
      sinks: [streamSink((l) => out.push(l))],
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      log: (l) => out.push(`${l}\n`),
      now: fakeNow,
    })
    for (let i = 0; i < 3; i++) await m.runOnce()
    const printed = out.join('')
    assert.match(printed, /ALERT REGRESSION/)
    assert.match(printed, /\\x1b\[2J/, 'the escape is shown, not obeyed')
    assert.doesNotMatch(printed, /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/, 'no control character but the line ends')
    for (const line of out) assert.equal(line.indexOf('\n'), line.length - 1, `one line: ${JSON.stringify(line)}`)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('terminalSafe keeps ordinary text and Unicode as they are', () => {
  assert.equal(terminalSafe('grade A → B: café 日本'), 'grade A → B: café 日本')
  assert.equal(terminalSafe('a\x1bb\nc\u2028'), 'a\\x1bb\\x0ac\\u2028')
})
