// Review r26y P1 and Q2 (issue #23): the window withheld before a cut was counted in the usual reading's
// decoded levels only. The quoted-printable and tag readings drop what the usual one keeps (soft line
// breaks with any spaces before them, tag controls), so a form padded with them was long in every level
// the window was counted in and short to its reader: 13 of a password's 14 characters showed before a
// `…[cut]`, and before the engine's own unmarked cut of a long body. The class: whatever a reading the
// search runs drops, at any cut offset, for a marked cut and an unmarked one.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { propertyRuns } from '@sessionguard/testkit/property-runs'
import { CUT_MARK, EXCERPT, OBSERVED_BODY, RAW_EXCERPT } from '../../src/http/excerpt.js'
import { Redactor } from '../../src/http/redact.js'
import type { Exchange } from '../../src/model/finding.js'

const PW = 'Horse7Battery9'
// the window is counted per character of the longest secret: an id three times the password's length widens it
const ID = 'bb9aa79c4e1d0f3a8c27e65d19b0f4a2bb9aa79c'

function redactor(): Redactor {
  const r = new Redactor()
  r.addPassword(PW)
  r.addSecret(ID)
  return r
}

const hex = (b: number): string => b.toString(16).toUpperCase().padStart(2, '0')
const tag = (c: string): string => String.fromCodePoint(0xe0000 + c.charCodeAt(0))

/** What a reader of each form decodes: quoted-printable (soft breaks joined), tag characters (controls as nothing), neither. */
const readQp = (t: string): string =>
  t.replace(/=[ \t]*\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
const readTags = (t: string): string =>
  [...t]
    .map((c) => {
      const cp = c.codePointAt(0)!
      return cp >= 0xe0020 && cp <= 0xe007e ? String.fromCharCode(cp - 0xe0000) : cp >= 0xe0000 && cp <= 0xe007f ? '' : c
    })
    .join('')
const readInvisible = (t: string): string => t.replace(/[\u200b\u00ad]|\\\n/g, '')

/** A form of PW, one unit per character (a byte's `=XX`, a tag, the character), and what its reading drops. */
interface Form {
  name: string
  unit: (c: string) => string
  padding: string[]
  read: (t: string) => string
}
const FORMS: Form[] = [
  {
    name: 'quoted-printable',
    unit: (c) => `=${hex(c.charCodeAt(0))}`,
    // soft line breaks: bare, with the spaces and tabs an encoder may leave before the line end, CRLF or LF
    padding: ['=\r\n', '=\n', '=  \r\n', '=\t \n', `=${' '.repeat(40)}\r\n`],
    read: readQp,
  },
  {
    name: 'tags',
    unit: tag,
    // the controls the tag reading reads as nothing: U+E0000–U+E001F and CANCEL TAG
    padding: ['\u{E007F}', '\u{E0001}', '\u{E0000}', '\u{E001F}'],
    read: readTags,
  },
  // the usual reading's own droppable characters, counted before the fix too: the control
  { name: 'invisible', unit: (c) => c, padding: ['\u200b', '\u00ad', '\\\n'], read: readInvisible },
]

/** The longest prefix of PW, two characters or more, that `decoded` holds. */
function shownPrefix(decoded: string): string {
  let best = ''
  for (let k = 2; k <= PW.length; k++) if (decoded.includes(PW.slice(0, k))) best = PW.slice(0, k)
  return best
}

/** The form of PW with `counts[i]` paddings (chosen by `picks`) after its i-th character. */
function padded(form: Form, counts: number[], picks: number[]): string {
  return [...PW]
    .map(
      (c, i) => form.unit(c) + Array.from({ length: counts[i]! }, (_, j) => form.padding[(picks[i]! + j) % form.padding.length]).join(''),
    )
    .join('')
}

test('property: a form padded with what any reading drops shows no prefix before a `…[cut]` at any offset (r26y P1)', () => {
  const r = redactor()
  fc.assert(
    fc.property(
      fc.constantFrom(...FORMS),
      // spread evenly, or all of it before the last character (the window is then passed at any size)
      fc.oneof(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: PW.length, maxLength: PW.length }),
        fc.integer({ min: 50, max: 1500 }).map((n) => [...Array<number>(PW.length - 2).fill(0), n, 0]),
      ),
      fc.array(fc.nat(), { minLength: PW.length, maxLength: PW.length }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (form, counts, picks, where) => {
        const whole = padded(form, counts, picks)
        // the whole form is found (the readings work): the cut is what is tested
        assert.ok(!form.read(r.text(`<p>${whole}</p>`)).includes(PW), 'the whole form is masked')
        const cut = 1 + Math.floor(where * (whole.length - 1))
        const out = r.text(`<p>${whole.slice(0, cut)}${CUT_MARK} more`)
        const shown = shownPrefix(form.read(out))
        assert.equal(shown, '', `${form.name} cut at ${cut}/${whole.length}: ${JSON.stringify(out).slice(0, 200)}`)
      },
    ),
    { numRuns: propertyRuns(300) },
  )
})

test('the reviewed cuts: quoted-printable with 400 soft breaks before its last byte, tags with 1200 CANCEL TAG, cut before the last (r26y P1)', () => {
  const r = redactor()
  const qp = `${[...PW.slice(0, -1)].map((c) => `=${hex(c.charCodeAt(0))}`).join('')}${'=\r\n'.repeat(400)}=39`
  const tags = `${[...PW.slice(0, -1)].map(tag).join('')}${'\u{E007F}'.repeat(1200)}${tag('9')}`
  for (const [form, read] of [
    [qp, readQp],
    [tags, readTags],
  ] as const) {
    for (const cut of [form.length - 3, form.length - 100, Math.floor(form.length / 2)]) {
      const out = r.text(`<p>${form.slice(0, cut)}${CUT_MARK}`)
      assert.equal(shownPrefix(read(out)), '', JSON.stringify(out).slice(0, 120))
    }
  }
})

/** A body as the engine keeps it: cut at `at` before redaction, no mark. */
function cutExchange(body: string, at: number): Exchange {
  return {
    actor: 'victim',
    request: { method: 'GET', url: 'http://127.0.0.1/', headers: {} },
    response: { status: 200, headers: {}, body: body.slice(0, at) },
  }
}

test('property: a form in the shown part of a body the engine cut, padded to the cut with what any reading drops, shows no prefix (r26y Q2)', () => {
  const r = redactor()
  fc.assert(
    fc.property(
      fc.constantFrom(...FORMS.slice(0, 2)),
      fc.constantFrom(RAW_EXCERPT, OBSERVED_BODY),
      fc.integer({ min: 0, max: EXCERPT - 200 }),
      fc.integer({ min: 1, max: PW.length - 1 }),
      fc.nat(),
      (form, cutAt, lead, kept, pick) => {
        // the first `kept` characters of the form, then padding past the engine's cut (the rest of the form is cut off)
        const start = `<p>${'x'.repeat(lead)}${[...PW.slice(0, kept)].map(form.unit).join('')}`
        let pad = ''
        for (let j = 0; start.length + pad.length < cutAt + 10; j++) pad += form.padding[(pick + j) % form.padding.length]
        const out = r.exchange(cutExchange(`${start}${pad}${form.unit(PW[kept]!)}`, cutAt)).response!.body!
        assert.equal(shownPrefix(form.read(out)), '', `${form.name} ${kept}: ${JSON.stringify(out).slice(0, 160)}`)
      },
    ),
    { numRuns: propertyRuns(100) },
  )
})

test('the reviewed engine cut: quoted-printable of 13 characters and 1600 soft breaks in a body cut at RAW_EXCERPT shows none of them (r26y Q2)', () => {
  const r = redactor()
  const body = `<p>${[...PW.slice(0, -1)].map((c) => `=${hex(c.charCodeAt(0))}`).join('')}${'=\r\n'.repeat(1600)}=39</p>`
  const out = r.exchange(cutExchange(body, RAW_EXCERPT)).response!.body!
  assert.equal(shownPrefix(readQp(out)), '', JSON.stringify(out).slice(0, 120))
  // an ordinary long body keeps its first EXCERPT characters, the cut at its end far behind them
  const plain = `<p>${'honest words '.repeat(500)}`
  assert.equal(r.exchange(cutExchange(plain, RAW_EXCERPT)).response!.body, plain.slice(0, EXCERPT))
})
