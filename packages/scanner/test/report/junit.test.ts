import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Parser } from 'htmlparser2'
import { SCAN_CHECK_IDS } from '../../src/model/index.js'
import { render } from '../../src/report/render.js'
import { HOSTILE, cleanReport, hostileReport, sampleReport } from './sample-report.js'

interface Node {
  name: string
  attrs: Record<string, string>
  children: Node[]
  text: string
}

/** Parses XML strictly enough for a test: every close tag explicit and matching, no stray text at the top. */
function parseXml(xml: string): Node {
  const root: Node = { name: '#root', attrs: {}, children: [], text: '' }
  const stack: Node[] = [root]
  const problems: string[] = []
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const node: Node = { name, attrs, children: [], text: '' }
        stack.at(-1)!.children.push(node)
        stack.push(node)
      },
      ontext(text) {
        stack.at(-1)!.text += text
      },
      onclosetag(name, implied) {
        // htmlparser2 calls a self-closed element's close "implied" too; only a missing close tag is a problem
        const selfClosed = xml.slice(parser.startIndex, parser.endIndex + 1).endsWith('/>')
        if (implied && !selfClosed) problems.push(`implied close of <${name}>`)
        const top = stack.pop()
        if (top?.name !== name) problems.push(`</${name}> closes <${top?.name}>`)
      },
      oncomment() {
        problems.push('comment')
      },
    },
    { xmlMode: true, decodeEntities: true },
  )
  parser.write(xml)
  parser.end()
  assert.deepEqual(problems, [])
  assert.equal(stack.length, 1, 'unclosed elements')
  return root
}

const all = (n: Node, name: string): Node[] => [...(n.name === name ? [n] : []), ...n.children.flatMap((c) => all(c, name))]

// What XML 1.0 forbids outright, and any "&" that does not start an entity.
const INVALID_XML = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u
const BARE_AMP = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i

describe('junit report', () => {
  it('the XML checker used below rejects a missing close tag and an unclosed element', () => {
    assert.throws(() => parseXml('<a><b></a>'))
    assert.throws(() => parseXml('<a><b/>'))
    assert.doesNotThrow(() => parseXml('<a><b/><c x="1">t</c></a>'))
  })

  it("is well-formed XML with one test suite and one test case per check of the scan's catalogue", () => {
    const xml = render(sampleReport(), 'junit')
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>'))
    const doc = parseXml(xml)
    assert.equal(all(doc, 'testsuite').length, 1)
    const cases = all(doc, 'testcase')
    assert.deepEqual(
      cases.map((c) => c.attrs.name!.split(':')[0]),
      [...SCAN_CHECK_IDS],
    )
  })

  it('marks failed checks with the finding, not-tested ones as skipped with the flag, errors as error', () => {
    const report = sampleReport()
    const doc = parseXml(render(report, 'junit'))
    const byId = new Map(all(doc, 'testcase').map((c) => [c.attrs.name!.split(':')[0]!, c]))

    const adopt = byId.get('SG-FIX-ADOPT')!.children
    assert.equal(adopt[0]?.name, 'failure')
    assert.equal(adopt[0]?.attrs.type, 'critical')
    assert.match(adopt[0]!.text, /alice's authenticated session/)
    assert.match(adopt[0]!.text, /> POST http:\/\/127\.0\.0\.1:3000\/login/)
    assert.match(adopt[0]!.text, /Fix \(express\)/)

    const idor = byId.get('SG-IDOR')!.children
    assert.equal(idor[0]?.name, 'skipped')
    assert.match(idor[0]!.attrs.message!, /enable with two accounts/)

    assert.equal(byId.get('SG-COOKIE-PREFIX')!.children[0]?.name, 'error')
    assert.equal(byId.get('SG-COOKIE-HTTPONLY')!.children.length, 0)

    const suite = all(doc, 'testsuite')[0]!
    assert.equal(suite.attrs.tests, String(SCAN_CHECK_IDS.length))
    assert.equal(suite.attrs.failures, String(new Set(report.findings.map((f) => f.id)).size))
    assert.equal(suite.attrs.skipped, String(report.checks.filter((c) => c.status === 'not-tested').length))
    assert.equal(suite.attrs.errors, '1')
  })

  it('carries score and grade as suite properties', () => {
    const props = all(parseXml(render(sampleReport(), 'junit')), 'property')
    const get = (name: string): string | undefined => props.find((p) => p.attrs.name === name)?.attrs.value
    assert.equal(get('score'), '38')
    assert.equal(get('grade'), 'F')
    assert.equal(get('score.fixation'), '20')
    assert.equal(get('target'), 'http://127.0.0.1:3000')
  })

  it('has no failures when the scan found nothing', () => {
    const doc = parseXml(render(cleanReport(), 'junit'))
    assert.equal(all(doc, 'failure').length, 0)
    assert.equal(all(doc, 'testsuite')[0]!.attrs.failures, '0')
  })

  it('stays well-formed when the target sends markup and bytes XML forbids, and keeps them as text', () => {
    const xml = render(hostileReport(), 'junit')
    assert.doesNotMatch(xml, INVALID_XML)
    assert.doesNotMatch(xml, BARE_AMP)
    const doc = parseXml(xml)
    const names = new Set(
      all(doc, '#root')[0]!.children.flatMap(function walk(n): string[] {
        return [n.name, ...n.children.flatMap(walk)]
      }),
    )
    assert.deepEqual([...names].sort(), [
      'error',
      'failure',
      'properties',
      'property',
      'skipped',
      'system-out',
      'testcase',
      'testsuite',
      'testsuites',
    ])
    const failure = all(doc, 'failure').find((f) => f.text.includes('replay'))!
    assert.ok(failure.text.includes(HOSTILE.script), 'the script tag survives as text')
    assert.ok(failure.text.includes(']]>'))
    assert.ok(!failure.text.includes('\u001b'), 'no terminal escapes')
    assert.ok(all(doc, 'skipped').some((s) => s.attrs.message!.includes(HOSTILE.script)))
  })
})
