import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { render } from '../../src/report/render.js'
import { HOSTILE, cleanReport, hostileReport, sampleReport } from './sample-report.js'

const ESC = '\u001b'

describe('pretty report', () => {
  it('prints the header first: target, framework with signals, score with sub-scores, requests, carrier', () => {
    const out = render(sampleReport(), 'pretty')
    const findingsAt = out.indexOf('Findings (4)')
    const head = out.slice(0, findingsAt)
    assert.match(head, /Target\s+http:\/\/127\.0\.0\.1:3000/)
    assert.match(head, /Framework\s+Express \(connect\) \(high confidence\) — cookie connect\.sid, X-Powered-By: Express/)
    assert.match(head, /Score\s+38\/100 {2}grade F/)
    assert.match(head, /fixation 20 · lifecycle 70 · cookies 80 · tokens 100 · authorization 100/)
    assert.match(head, /57 requests in 1\.24 s/)
    assert.match(head, /Session\s+cookie connect\.sid — dropping cookie connect\.sid lost access/)
  })

  it('lists one line per finding sorted by severity, then the detail of each in the same order', () => {
    const out = render(sampleReport(), 'pretty')
    const list = out.slice(out.indexOf('Findings (4)')).split('\n').slice(1, 5)
    assert.deepEqual(
      list.map((l) => l.trim().split(/\s+/).slice(0, 2).join(' ')),
      ['CRITICAL SG-FIX-ADOPT', 'MEDIUM SG-LOGOUT', 'MEDIUM SG-COOKIE-SECURE', 'LOW SG-COOKIE-SAMESITE'],
    )
    const details = [...out.matchAll(/── \d\/4 \w+ (SG-[A-Z-]+) /g)].map((m) => m[1])
    assert.deepEqual(details, ['SG-FIX-ADOPT', 'SG-LOGOUT', 'SG-COOKIE-SECURE', 'SG-COOKIE-SAMESITE'])
  })

  it('shows the proof, references and framework fix of a finding', () => {
    const out = render(sampleReport(), 'pretty')
    const adopt = out.slice(out.indexOf('── 1/4'), out.indexOf('── 2/4'))
    assert.match(adopt, /2\. victim — victim logs in carrying the planted id/)
    assert.match(adopt, /> POST http:\/\/127\.0\.0\.1:3000\/login/)
    assert.match(adopt, /> cookie: connect\.sid=s%3Aatk0…\[80\]/)
    assert.match(adopt, /< 302 Found/)
    assert.match(adopt, /< location: \/account/)
    assert.doesNotMatch(adopt, /user-agent|content-length/, 'noise headers left out')
    assert.match(adopt, /CWE: CWE-384/)
    assert.match(adopt, /OWASP Top 10 2021: A07:2021/)
    assert.match(adopt, /OWASP API Top 10 2023: API2:2023/)
    assert.match(adopt, /ASVS: V7\.2\.3, V7\.2\.4/)
    assert.match(adopt, /PCI DSS: 6\.2\.4/)
    assert.match(adopt, /SOC 2: CC6\.1/)
    assert.match(adopt, /Fix \(express\)/)
    assert.match(adopt, /req\.session\.regenerate\(\(err\) => \{/)
  })

  it('ends with passed checks, checks not tested with the flag to enable them, errors and notes', () => {
    const out = render(sampleReport(), 'pretty')
    const tail = out.slice(out.indexOf('Passed ('))
    assert.match(tail, /✓ SG-FIX-LOGIN/)
    assert.match(
      tail,
      /Not tested \(6\)[\s\S]*SG-IDOR [\s\S]*enable with: two accounts[\s\S]*SG-FIX-STEPUP [\s\S]*enable with: login: [\s\S]*stepup:/,
    )
    assert.match(tail, /Errors \(1\)[\s\S]*SG-COOKIE-PREFIX/)
    assert.match(tail, /Notes\n {2}• Secure cookies issued over http:\/\/ on loopback/)
  })

  it('uses colour only when asked, and reads the same without it', () => {
    const plain = render(sampleReport(), 'pretty')
    const coloured = render(sampleReport(), 'pretty', { color: true })
    assert.ok(!plain.includes(ESC))
    assert.ok(coloured.includes(`${ESC}[`))
    assert.equal(coloured.replace(/\u001b\[\d+m/g, ''), plain)
  })

  it('says there are no findings on a clean scan', () => {
    const out = render(cleanReport(), 'pretty')
    assert.match(out, /No findings\./)
    assert.match(out, /grade A/)
  })

  it('never passes terminal escapes or bidi overrides from the target through, and keeps lines short', () => {
    const plain = render(hostileReport(), 'pretty')
    assert.ok(!plain.includes(ESC))
    assert.ok(!plain.includes('\u202e'))
    assert.ok(!plain.includes('\u0007'))
    const coloured = render(hostileReport(), 'pretty', { color: true })
    // every escape left is one of the renderer's own colour codes
    assert.equal(coloured.replace(/\u001b\[\d+m/g, '').includes(ESC), false)
    const longest = Math.max(...plain.split('\n').map((l) => l.length))
    assert.ok(longest < 400, `longest line ${longest}`)
    assert.ok(plain.includes('PWNED'), 'the text itself is still shown')
    assert.ok(plain.includes(HOSTILE.script))
  })

  it('shows every header and longer excerpts in verbose mode', () => {
    const out = render(sampleReport(), 'pretty', { verbose: true })
    assert.match(out, /> user-agent: sessionguard\/0\.1\.0/)
    assert.match(out, /tried: invented id replaced/)
  })

  it('wraps prose to the requested width', () => {
    const out = render(sampleReport(), 'pretty', { width: 60 })
    const adopt = out.slice(out.indexOf('── 1/4'), out.indexOf('Proof'))
    for (const line of adopt.split('\n').slice(2)) assert.ok(line.length <= 60, line)
  })
})
