// Review r24y M2 (issue #23): a decimal digit of another script (Arabic-Indic ٧, Devanagari ७, Thai ๗…)
// is its value to a reader of that script, and a locale's number formatting writes them. They were not
// read as their value (and the letters-and-digits reading even dropped them from a Latin secret's
// text), so `Horse٧Battery٩` and a 2FA code `٤٨٢٩١٣` were left in clear. The class: every \p{Nd}.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { propertyRuns } from '@sessionguard/testkit/property-runs'
import { Redactor } from '../../src/http/redact.js'
import { decimalValue } from '../../src/http/ascii-shadow.js'

/** Every decimal digit past ASCII in the code space. */
const EVERY: string[] = []
for (let cp = 0x80; cp <= 0x10ffff; cp++)
  if ((cp < 0xd800 || cp > 0xdfff) && /\p{Nd}/u.test(String.fromCodePoint(cp))) EVERY.push(String.fromCodePoint(cp))

/** Every digit Intl writes 0–9 in, for each numbering system of decimal digits it knows: an oracle independent of the code's. */
function intlDigits(): Array<[string, string]> {
  const out: Array<[string, string]> = []
  for (const nu of Intl.supportedValuesOf('numberingSystem')) {
    const f = new Intl.NumberFormat('en', { numberingSystem: nu, useGrouping: false })
    if (f.resolvedOptions().numberingSystem !== nu) continue
    for (let d = 0; d <= 9; d++) {
      const c = f.format(d)
      if ([...c].length === 1 && /\p{Nd}/u.test(c) && c.codePointAt(0)! >= 0x80) out.push([c, String(d)])
    }
  }
  return out
}
const DIGITS = intlDigits()

test('every decimal digit in the code space reads as a digit, and as the value Intl writes it for', () => {
  assert.ok(EVERY.length > 600, String(EVERY.length))
  for (const c of EVERY) assert.match(decimalValue(c.codePointAt(0)!) ?? '', /^[0-9]$/, `U+${c.codePointAt(0)!.toString(16)}`)
  assert.ok(DIGITS.length > 300, String(DIGITS.length))
  for (const [c, value] of DIGITS) assert.equal(decimalValue(c.codePointAt(0)!), value, `U+${c.codePointAt(0)!.toString(16)}`)
  assert.equal(decimalValue(0x37), undefined)
  assert.equal(decimalValue(0x41), undefined)
})

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

/** `s` with each ASCII digit written, by `pick`, in the digits of one script or another. */
const inDigits = (s: string, pick: (i: number) => number): string =>
  [...s]
    .map((ch, i) => {
      if (!/[0-9]/.test(ch)) return ch
      const of = DIGITS.filter(([, v]) => v === ch)
      return of[pick(i) % of.length]![0]
    })
    .join('')

test('property: a secret whose digits are written in the decimal digits of other scripts is masked (r24y M2)', () => {
  const r = redactor()
  fc.assert(
    fc.property(fc.constantFrom(PW, CODE, ID), fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), (secret, picks) => {
      const written = inDigits(secret, (i) => picks[i % picks.length]!)
      const out = r.text(`<p>x ${written} y</p>`)
      assert.ok(!out.includes(written), `${written} → ${out}`)
    }),
    { numRuns: propertyRuns(200) },
  )
})

test('the reviewed digits are masked: Horse٧Battery٩, Horse७Battery९, Thai, a 2FA code ٤٨٢٩١٣ (r24y M2)', () => {
  const r = redactor()
  for (const t of ['Horse٧Battery٩', 'Horse७Battery९', 'Horse๗Battery๙', '٤٨٢٩١٣', 'Horse７Battery９']) {
    const out = r.text(`<p>${t}</p>`)
    assert.ok(!out.includes(t), out)
    assert.ok(!/Horse|Battery/.test(out), out)
  }
})

test('numbers in other digits that are no secret are kept', () => {
  const r = redactor()
  for (const t of ['٤٨٢٩١٤', 'Horse٨Battery٩', '१२३४५६']) assert.equal(r.text(`<p>${t}</p>`), `<p>${t}</p>`)
})
