// Review r26y P2 (issue #23): the punycode view was taken of the text as it stands only. A host label
// with an escape in it (`xn&#45;&#45;…`, `\u002d`, `%2D`, `&#120;n--…`), or with a character inside
// that the decoder drops and a URL parser ignores (a soft hyphen, a zero-width space, VS16), is a label
// only once decoded; no decoded level was punycode-read, so the label of `Horse७Battery९` was in clear
// whenever one character of it was escaped, and the HAR's queryString even showed it decoded. The
// class: a label of a secret's form under one to three layers of escapes, over one character or all.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { domainToASCII } from 'node:url'
import fc from 'fast-check'
import { propertyRuns } from '@sessionguard/testkit/property-runs'
import { Redactor } from '../../src/http/redact.js'

const PW = 'Horse7Battery9'
const CODE = '482913'
const ID = 'bb9aa79c4e1d0f3a8c27e65d19b0f4a2'

function redactor(): Redactor {
  const r = new Redactor()
  r.addPassword(PW)
  // a 2FA code is learned as a password (run/scan.ts onCode)
  r.addPassword(CODE)
  r.addSecret(ID)
  return r
}

/** Host names that are a secret to whoever is shown them: Devanagari digits, small capitals, a letter beside it. */
const LABELS = ['horse७battery९', 'ʜᴏʀꜱᴇ7ʙᴀᴛᴛᴇʀʏ9', `é${CODE}`, `é${ID}`].map((u) => domainToASCII(u))

/** One escape of a character, as a browser, a JSON reader or a URL decoder reads it. */
const ESCAPES: Array<(c: string) => string> = [
  (c) => `&#${c.charCodeAt(0)};`,
  (c) => `&#x${c.charCodeAt(0).toString(16)};`,
  (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  (c) => [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
]
/** Characters a URL parser's IDNA mapping drops from a host, which the decoder leaves out too. */
const INVISIBLE = ['\u00ad', '\u200b', '\ufe0f', '&shy;']

/** What a reader decodes `s` to, each layer of these escapes in turn. */
function decoded(s: string): string {
  let out = s
  for (let i = 0; i < 4; i++)
    out = out
      .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/&#([0-9]+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
      .replace(/&shy;/g, '')
      .replace(/\\u([0-9a-f]{4})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      .replace(/(?:%[0-9a-f]{2})+/gi, (run) => decodeURIComponent(run))
      .replace(/\u00ad|\u200b|\ufe0f/g, '')
  return out
}

test('property: a punycode label of a secret under one to three layers of escapes, or with an invisible character inside, is masked (r26y P2)', () => {
  const r = redactor()
  fc.assert(
    fc.property(
      fc.constantFrom(...LABELS),
      fc.option(fc.tuple(fc.constantFrom(...INVISIBLE), fc.integer({ min: 5, max: 12 })), { nil: undefined }),
      // the first layer escapes one character of the label or all of them
      fc.tuple(fc.integer({ min: 0, max: ESCAPES.length - 1 }), fc.option(fc.nat(), { nil: undefined })),
      // each further layer escapes the whole text, or the characters that start an escape ('&', '%', '\\'):
      // an escape written inside another's syntax (`&#9&#56;;`) is not one a reader decodes in layers
      fc.array(fc.tuple(fc.integer({ min: 0, max: ESCAPES.length - 1 }), fc.boolean()), { maxLength: 2 }),
      (label, invisible, [first, at], outer) => {
        // the invisible character goes between the label's characters, never inside an escape of one
        const units = [...label].map((c, i) => (at === undefined || i === at % label.length ? ESCAPES[first]!(c) : c))
        if (invisible) units.splice(invisible[1], 0, invisible[0])
        let form = units.join('')
        for (const [e, whole] of outer) form = [...form].map((c) => (whole || /[&%\\]/.test(c) ? ESCAPES[e]!(c) : c)).join('')
        // the form decodes to the label: the test's own decoder is the reader
        assert.equal(decoded(form), label)
        const out = r.text(`<a href="http://${form}.example/">link</a> ${form}`)
        assert.ok(!decoded(out).includes(label.slice(4)), `${form} → ${out}`)
      },
    ),
    { numRuns: propertyRuns(300) },
  )
})

test('the reviewed labels: hyphens as &#45;, \\u002d, %2D, x as &#120;, a soft hyphen, ZWSP or VS16 inside (r26y P2)', () => {
  const r = redactor()
  const L = LABELS[0]!
  for (const form of [
    L.replace(/-/g, '&#45;'),
    L.replace(/-/g, '\\u002d'),
    `http%3A%2F%2F${L.replace(/-/g, '%2D')}`,
    `&#120;${LABELS[1]!.slice(1)}`,
    `${L.slice(0, 9)}\u00ad${L.slice(9)}`,
    `${L.slice(0, 9)}\u200b${L.slice(9)}`,
    `${L.slice(0, 9)}\ufe0f${L.slice(9)}`,
  ]) {
    const out = r.text(`<a href="http://${form}.example/">x</a>`)
    assert.ok(!/horsebattery|4iy9a|5ibb9eucs/.test(decoded(out)), `${form} → ${out}`)
  }
  // the HAR's queryString decodes a query value once more: the level the label is read in now
  const url = r.text(`http://127.0.0.1/go?next=http%3A%2F%2F${L.replace(/-/g, '%2D')}.example%2F`)
  assert.ok(!decoded(url).includes('horsebattery'), url)
})

test('a label that is no secret keeps every escape it was written with', () => {
  const r = redactor()
  const other = domainToASCII('bücher-und-mehr')
  for (const form of [other.replace(/-/g, '&#45;'), `${other.slice(0, 6)}\u00ad${other.slice(6)}`])
    assert.equal(r.text(`<a href="http://${form}.example/">x</a>`), `<a href="http://${form}.example/">x</a>`)
})
