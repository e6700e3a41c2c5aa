// r24y M3: quoted-printable and Unicode tag characters are the two escapes the decoder reads only in
// readings of their own (secret-forms.ts Escapes); each must still be read inside the other and inside
// every other escape, in any order: tags spelling `=48=6F…`, quoted-printable bytes of tag characters,
// tags spelling `%3D5A…`, percent of quoted-printable of tags.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { propertyRuns } from '@sessionguard/testkit/property-runs'
import { Redactor, mask } from '../../src/http/redact.js'

const hex = (b: number): string => b.toString(16).toUpperCase().padStart(2, '0')
/** Each character as its tag character (printable ASCII only). */
const tags = (s: string): string => [...s].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('')
/** Every byte as `=XX`. */
const qpAll = (s: string): string => [...Buffer.from(s)].map((b) => `=${hex(b)}`).join('')
/** As an encoder writes it: only bytes outside printable ASCII, and `=`, as `=xx` (lower case), a soft line break every 20 characters. */
const qpMail = (s: string): string => {
  let out = ''
  let line = 0
  for (const b of Buffer.from(s)) {
    const piece = b >= 33 && b <= 126 && b !== 61 ? String.fromCharCode(b) : `=${hex(b).toLowerCase()}`
    // the break goes between escapes, never inside one (it may fall between the bytes of one character)
    if (line + piece.length > 20) {
      out += '=\r\n'
      line = 0
    }
    out += piece
    line += piece.length
  }
  return out
}
const percentAll = (s: string): string => [...Buffer.from(s)].map((b) => `%${hex(b)}`).join('')
const htmlRefs = (s: string): string => [...s].map((c) => `&#${c.codePointAt(0)};`).join('')

type Layer = 'tags' | 'qpAll' | 'qpMail' | 'percent' | 'html'
const ENCODE: Record<Layer, (s: string) => string> = { tags, qpAll, qpMail, percent: percentAll, html: htmlRefs }
const printable = (s: string): boolean => /^[\x20-\x7e]*$/.test(s)

const PASSWORDS = ['Zq7!xw', 'Horse7Battery9']
const ID = 'Qm9yZ2VkU2Vzc2lvbklkMTIzNDU2Nzg5'

function redactor(): Redactor {
  const r = new Redactor()
  for (const pw of PASSWORDS) r.addPassword(pw)
  r.addSecret(ID)
  return r
}

test('the reviewed forms are masked: tags spelling quoted-printable, quoted-printable bytes of tags, tags spelling percent-encoded quoted-printable (r24y M3)', () => {
  const r = redactor()
  for (const pw of PASSWORDS)
    for (const form of [tags(qpAll(pw)), qpAll(tags(pw)), tags(qpAll(pw).replace(/=/g, '%3D')), qpMail(tags(pw))])
      assert.equal(r.text(`a ${form} b`), 'a ******** b', JSON.stringify(form))
})

test('property: a secret in quoted-printable and tag characters, each inside the other and inside percent or HTML references, in any order, is masked', () => {
  const layer = fc.constantFrom<Layer>('tags', 'qpAll', 'qpMail', 'percent', 'html')
  const arb = fc.record({
    secret: fc.constantFrom(...PASSWORDS, ID),
    layers: fc.array(layer, { minLength: 2, maxLength: 3 }).filter((ls) => ls.includes('tags') && ls.some((l) => l.startsWith('qp'))),
    before: fc.constantFrom('', 'x ', 'pw=', 'a=12&b='),
  })
  fc.assert(
    fc.property(arb, ({ secret, layers, before }) => {
      let form = secret
      for (const l of layers) {
        // a tag character stands for printable ASCII only
        fc.pre(l !== 'tags' || printable(form))
        form = ENCODE[l](form)
      }
      const out = redactor().text(`${before}${form}; next`)
      assert.equal(out, `${before}${secret === ID ? mask(ID) : '********'}; next`, `${layers.join(' of ')}: ${JSON.stringify(form)}`)
    }),
    { numRuns: propertyRuns(150) },
  )
})

test('text that only looks like the two escapes together is kept: tags beside query strings, a soft line break beside tags', () => {
  const r = redactor()
  for (const page of [`flag ${tags('GB')} ?a=12&b=ff&c=3D`, `${tags('=41=42')} and =\r\n${tags('Zq7')}`, qpAll(tags('hello'))])
    assert.equal(r.text(page), page)
})
