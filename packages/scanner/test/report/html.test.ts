import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import { DomUtils, parseDocument } from 'htmlparser2'
import { render } from '../../src/report/render.js'
import { HOSTILE, TARGET, cleanReport, hostileReport, sampleReport } from './sample-report.js'

type El = ReturnType<typeof DomUtils.getElementsByTagName>[number]
const elements = (html: string): El[] => DomUtils.getElementsByTagName(() => true, parseDocument(html).children, true)
const byTag = (html: string, tag: string): El[] => elements(html).filter((e) => e.name === tag)
const textOf = (el: El): string => DomUtils.textContent(el)

describe('html report', () => {
  it('is one document with the score, every finding with its proof, fix and references', () => {
    const report = sampleReport()
    const html = render(report, 'html')
    const text = textOf(parseDocument(html) as unknown as El)
    assert.match(text, /Score 38\/100/)
    const articles = elements(html).filter((e) => e.name === 'article')
    assert.deepEqual(
      articles.map((a) => a.attribs['data-severity']),
      ['critical', 'medium', 'medium', 'low'],
    )
    const adopt = textOf(articles[0]!)
    assert.match(adopt, /GET http:\/\/127\.0\.0\.1:3000\/account/)
    assert.match(adopt, /Signed in as alice@example\.com/)
    assert.match(adopt, /Fix \(express\)/)
    assert.match(adopt, /req\.session\.regenerate/)
    assert.match(adopt, /CWE-384/)
    assert.match(adopt, /API2:2023/)
  })

  it('loads nothing from the network: no external src, href, CSS url() or import, only the target URL as text', () => {
    const html = render(sampleReport(), 'html')
    for (const el of elements(html)) {
      for (const [name, value] of Object.entries(el.attribs)) {
        if (name === 'src' || name === 'href' || name === 'srcset' || name === 'action' || name === 'xlink:href') {
          assert.match(value, /^#/, `<${el.name} ${name}="${value}">`)
        }
      }
    }
    for (const style of byTag(html, 'style')) assert.doesNotMatch(textOf(style), /url\(|@import/)
    for (const m of html.matchAll(/https?:\/\/[^\s"'<>]+/g)) {
      assert.ok(m[0].startsWith(TARGET), `unexpected URL ${m[0]}`)
    }
    assert.equal(byTag(html, 'link').length, 0)
  })

  it('allows only its own inline script, by hash, in a Content-Security-Policy', () => {
    const html = render(sampleReport(), 'html')
    const scripts = byTag(html, 'script')
    assert.equal(scripts.length, 1)
    const hash = createHash('sha256').update(textOf(scripts[0]!)).digest('base64')
    const csp = byTag(html, 'meta').find((m) => m.attribs['http-equiv'] === 'Content-Security-Policy')?.attribs.content
    assert.ok(csp?.includes(`script-src 'sha256-${hash}'`), csp)
    assert.ok(csp?.includes("default-src 'none'"))
  })

  it('escapes a hostile target: its script, tags and attributes stay text', () => {
    const html = render(hostileReport(), 'html')
    const els = elements(html)
    assert.equal(byTag(html, 'script').length, 1, 'only the report script')
    assert.equal(byTag(html, 'img').length, 0)
    for (const el of els) {
      for (const name of Object.keys(el.attribs)) assert.doesNotMatch(name, /^on/i, `<${el.name} ${name}>`)
    }
    const text = textOf(parseDocument(html) as unknown as El)
    assert.ok(text.includes(HOSTILE.script), 'the script tag from the body is shown as text')
    assert.ok(text.includes('onerror=alert(2)'), 'the header value is shown as text')
    assert.ok(!html.includes('\u001b'), 'no terminal escapes')
    // the 20 000-character body is cut to an excerpt
    assert.ok(!html.includes('A'.repeat(1000)))
  })

  it('plots per-position entropy as inline SVG when tokens were sampled, one bar per position', () => {
    const report = sampleReport()
    const html = render(report, 'html')
    const svgs = byTag(html, 'svg')
    assert.equal(svgs.length, 1)
    const bars = DomUtils.getElementsByTagName('rect', svgs[0]!.children, true)
    assert.equal(bars.length, report.tokens!.positionEntropy.length)
    const titles = bars.map((b) => textOf(b))
    assert.equal(titles[2], `position 3: ${report.tokens!.positionEntropy[2]!.toFixed(2)} bits`)
    // a zero-entropy position draws a zero-height bar, a high one a tall bar
    const height = (i: number): number => Number(bars[i]!.attribs.height)
    assert.equal(height(0), 0)
    assert.ok(height(2) > 100)
  })

  it('has no plot when no tokens were sampled', () => {
    assert.equal(byTag(render(cleanReport(), 'html'), 'svg').length, 0)
  })

  it('says under a picture what was checked and what was painted over, not only that password fields were masked', () => {
    const report = sampleReport()
    const x = report.findings.flatMap((f) => f.evidence)[0]!
    x.screenshot = { mediaType: 'image/png', data: Buffer.from('png').toString('base64'), width: 10, height: 10, text: 'Welcome' }
    const html = render(report, 'html')
    const caption = byTag(html, 'figcaption').map(textOf)
    assert.equal(caption.length, 1)
    assert.match(caption[0]!, /kept only because the page's text showed none of the scan's secrets/)
    assert.match(caption[0]!, /images, canvases, SVG, frames, background images and password fields painted over/)
  })
})
