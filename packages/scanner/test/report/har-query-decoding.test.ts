// r24y L3: the HAR's queryString shows each query parameter decoded. The URL was redacted as a whole,
// read as the redaction reads it; a parameter decoded by another decoder (URLSearchParams: an invalid
// UTF-8 byte as U+FFFD, where the redaction reads a windows-1252 letter) could show a form of a secret
// the redaction never searched. Every name and value must be clean to a redactor that knows the secret.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { propertyRuns } from '@sessionguard/testkit/property-runs'
import { Redactor } from '../../src/http/redact.js'
import { render } from '../../src/report/render.js'
import type { ScanReport } from '../../src/model/report.js'
import { sampleReport, TARGET } from './sample-report.js'

interface NameValue {
  name: string
  value: string
}
type Har = { log: { entries: Array<{ request: { url: string; queryString: NameValue[]; postData?: { params?: unknown } } }> } }

function harOf(urls: string[], secrets: (r: Redactor) => void): Har {
  const r = new Redactor()
  secrets(r)
  const report: ScanReport = {
    ...sampleReport(),
    traffic: urls.map((url) => ({ actor: 'anonymous', request: { method: 'GET', url, headers: {} } })),
  }
  return JSON.parse(render(r.report(report), 'har')) as Har
}

const params = (har: Har): NameValue[] => har.log.entries.flatMap((e) => e.request.queryString)

test('query parameters are decoded as a HAR reader expects them: + and %20 a space, UTF-8 bytes a character, %2B a plus, a lone % as itself', () => {
  const har = harOf([`${TARGET}/s?q=a+b%20c&u=%C3%BC%2B&p=100%&k&=v#frag`], () => {})
  const entry = har.log.entries.find((e) => e.request.url.includes('/s?q='))!
  assert.deepEqual(entry.request.queryString, [
    { name: 'q', value: 'a b c' },
    { name: 'u', value: 'ü+' },
    { name: 'p', value: '100%' },
    { name: 'k', value: '' },
    { name: '', value: 'v' },
  ])
})

test('a password split by a byte the redaction reads as a letter (%FF is ÿ) is not shown whole with U+FFFD between its halves (r24y L3)', () => {
  const pw = 'Horse7Battery9'
  const fresh = new Redactor()
  fresh.addPassword(pw)
  for (const junk of ['%FF', '%C3', '%80', '%E2%82'])
    for (const p of params(harOf([`${TARGET}/s?q=Horse7${junk}Battery9`], (r) => r.addPassword(pw))))
      assert.equal(fresh.check(p.value), 'clean', `${junk}: ${JSON.stringify(p.value)}`)
})

test('property: a password holding +, %, a space and letters outside ASCII, written in a query in any of its encodings with a byte or a malformed escape between its halves, is never shown by queryString in a form the redaction would mask', () => {
  const piece = fc.constantFrom('Ho', 'rse', '+', '%', ' ', '7', 'Bä', 'tt', 'é', 'ry', '9', '50%', 'ß')
  const arb = fc.record({
    parts: fc.array(piece, { minLength: 5, maxLength: 9 }),
    encoding: fc.constantFrom<'raw' | 'utf8' | 'latin1' | 'plus'>('raw', 'utf8', 'latin1', 'plus'),
    junk: fc.constantFrom('', '%FF', '%C3', '%80', '%E2%82', '%', '%2', '%G1', '+', '%2B', '%00'),
    at: fc.nat(),
  })
  const encode = (s: string, how: 'raw' | 'utf8' | 'latin1' | 'plus'): string =>
    how === 'raw'
      ? s
      : how === 'utf8'
        ? encodeURIComponent(s)
        : how === 'plus'
          ? encodeURIComponent(s).replace(/%20/g, '+')
          : [...s].map((c) => (/[A-Za-z0-9]/.test(c) ? c : `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)).join('')
  fc.assert(
    fc.property(arb, ({ parts, encoding, junk, at }) => {
      const pw = parts.join('')
      fc.pre(/[A-Za-z]/.test(pw) && pw.length >= 8)
      const cut = 1 + (at % (parts.length - 1))
      const value = encode(parts.slice(0, cut).join(''), encoding) + junk + encode(parts.slice(cut).join(''), encoding)
      const fresh = new Redactor()
      fresh.addPassword(pw)
      const har = harOf([`${TARGET}/s?a=1&pw=${value}&b=2`], (r) => r.addPassword(pw))
      for (const p of params(har)) {
        assert.equal(fresh.check(p.name), 'clean', JSON.stringify(p))
        assert.equal(fresh.check(p.value), 'clean', `${JSON.stringify(value)} → ${JSON.stringify(p)}`)
      }
      // the writer shows a request body as its text only: no decoded form parameters beside it
      for (const e of har.log.entries) assert.equal(e.request.postData?.params, undefined)
    }),
    { numRuns: propertyRuns(200) },
  )
})
