import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { render } from '../../src/report/render.js'
import { HOSTILE, cleanReport, hostileReport, sampleReport } from './sample-report.js'

/** Lines of a Markdown document with whether each sits inside a fenced code block (CommonMark fence rules). */
function fenced(md: string): { line: string; inFence: boolean }[] {
  let open: { char: string; len: number } | undefined
  return md.split('\n').map((line) => {
    const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line)
    if (!open && m) {
      open = { char: m[1]![0]!, len: m[1]!.length }
      return { line, inFence: true }
    }
    if (open && m && m[1]![0] === open.char && m[1]!.length >= open.len && m[2]!.trim() === '') {
      open = undefined
      return { line, inFence: true }
    }
    return { line, inFence: open !== undefined }
  })
}

describe('markdown report', () => {
  it('opens with the grade and score, then a table with one row per finding, worst first', () => {
    const md = render(sampleReport(), 'markdown')
    assert.match(md.split('\n')[0]!, /^## .* grade \*\*F\*\* · 38\/100$/)
    const rows = md.split('\n').filter((l) => /^\| (critical|high|medium|low|info) \|/.test(l))
    assert.deepEqual(
      rows.map((r) => r.split('|')[2]!.trim()),
      ['`SG-FIX-ADOPT`', '`SG-LOGOUT`', '`SG-COOKIE-SECURE`', '`SG-COOKIE-SAMESITE`'],
    )
  })

  it('puts each proof in a collapsible block with the exchanges in a code fence', () => {
    const md = render(sampleReport(), 'markdown')
    assert.equal(md.match(/<details><summary><b>/g)?.length, 4)
    const lines = fenced(md)
    const replay = lines.find((l) => l.line.includes('> GET http://127.0.0.1:3000/account'))
    assert.ok(replay?.inFence, 'request lines are inside a fence')
    assert.match(md, /\*\*Fix \(express\)\*\*/)
    assert.match(md, /CWE CWE-384/)
  })

  it('lists checks not tested with the flag that enables them', () => {
    const md = render(sampleReport(), 'markdown')
    const section = md.slice(md.indexOf('### Not tested'))
    assert.match(section, /`SG-IDOR`.*enable with `two accounts/)
    assert.match(section, /`SG-EXPIRY`.*--idle-test/)
  })

  it('says so when there is nothing to fix', () => {
    const md = render(cleanReport(), 'markdown')
    assert.match(md, /grade \*\*A\*\* · 100\/100/)
    assert.match(md, /\*\*No findings\.\*\*/)
    assert.doesNotMatch(md, /<details><summary><b>/)
  })

  it('keeps hostile evidence inert: no raw tags, no escape from the fence, no broken table', () => {
    const md = render(hostileReport(), 'markdown')
    const lines = fenced(md)
    for (const { line, inFence } of lines) {
      if (inFence) continue
      assert.doesNotMatch(line, /<script|<img|onerror=/i, `raw markup outside a fence: ${line}`)
      assert.doesNotMatch(line, /^# injected heading/)
    }
    assert.ok(!md.includes('\u001b'), 'no terminal escapes')
    // the summary's pipes would otherwise add cells; every table row keeps its 4 columns
    for (const row of md.split('\n').filter((l) => /^\| (critical|high|medium|low|info) \|/.test(l))) {
      assert.equal(row.replace(/\\\|/g, '').split('|').length, 6, row)
    }
    assert.ok(md.includes('&lt;script&gt;'), 'outside fences the hostile text is still shown, escaped')
    // inside a fence it is shown verbatim, which is safe: code blocks are never rendered as HTML
    assert.ok(lines.some((l) => l.inFence && l.line.includes(HOSTILE.script)))
  })
})
