// Review r24y M2 (issue #23): a decimal digit of another script (Arabic-Indic ٧, Devanagari ७, Thai ๗…)
// is its value to a reader of that script, and a locale's number formatting writes them. They were not
// read as their value (and the letters-and-digits reading even dropped them from a Latin secret's
// text), so `Horse٧Battery٩` and a 2FA code `٤٨٢٩١٣` were left in clear. The class: every \p{Nd}.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { propertyRuns } from '@sessionguard/testkit/property-runs'
import { Redactor } from '../../src/http/redact.js'
import { asciiShadow, decimalValue } from '../../src/http/ascii-shadow.js'

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

// Review r26y P3 and P4: digits a script writes that are no \p{Nd} (the Han numerals, a 2FA code
// `四八二九一三` is 482913 to every reader of Chinese or Japanese), and the enclosed forms whose
// compatibility form puts punctuation around the digit (`⑷` is `(4)`, `⒋` `4.`, `🄅` `4,`): the code
// read with its frames was no digit run, so a 2FA code or a short password in them was in clear.

/** The Han digits Intl writes (numbering system `hanidec`), and the financial and older forms, by value: the test's own oracle. */
const HAN: Array<[string, string]> = []
{
  const han = new Intl.NumberFormat('en', { numberingSystem: 'hanidec', useGrouping: false })
  for (let d = 0; d <= 9; d++) HAN.push([han.format(d), String(d)])
  for (const [chars, digits] of [
    ['零壹贰叁肆伍陆柒捌玖', '0123456789'],
    ['貳參陸壱弐参弌弍弎', '236123123'],
    ['〡〢〣〤〥〦〧〨〩', '123456789'],
  ] as const)
    [...chars].forEach((c, i) => HAN.push([c, digits[i]!]))
}
/** Each digit's and letter's framed forms: parenthesized (⑴ ⒜ 🄐), with a full stop (⒈ 🄀), with a comma (🄁): found by NFKC, not listed. */
const FRAMED = new Map<string, string[]>()
for (const [from, to] of [
  [0x2474, 0x24b5],
  [0x1f100, 0x1f10a],
  [0x1f110, 0x1f129],
]) {
  for (let cp = from!; cp <= to!; cp++) {
    const m = /^\(([0-9A-Za-z])\)$|^([0-9A-Za-z])[.,]$/.exec(String.fromCodePoint(cp).normalize('NFKC'))
    const ch = m?.[1] ?? m?.[2]
    if (ch) FRAMED.set(ch, [...(FRAMED.get(ch) ?? []), String.fromCodePoint(cp)])
  }
}

test('every Han numeral reads as its value, and every framed digit or letter as itself (r26y P3, P4)', () => {
  assert.equal(HAN.length, 38)
  for (const [c, value] of HAN) assert.equal(asciiShadow(c.codePointAt(0)!), value, c)
  // ⑴–⑼, ⒈–⒐, 🄀 and 🄁–🄊 for the digits, ⒜–⒵ and 🄐–🄩 for the letters
  assert.equal([...FRAMED.values()].flat().length, 9 + 9 + 11 + 26 + 26)
  for (const [ch, forms] of FRAMED) for (const f of forms) assert.equal(asciiShadow(f.codePointAt(0)!), ch, f)
  // ten and beyond are place words, not digits
  for (const c of '十百千万') assert.equal(asciiShadow(c.codePointAt(0)!), undefined, c)
})

/** `s` with each character written, by `pick`, in a Han numeral or a framed form of it when it has one. */
const inForms = (s: string, pick: (i: number) => number): string =>
  [...s]
    .map((ch, i) => {
      const of = [...HAN.filter(([, v]) => v === ch).map(([c]) => c), ...(FRAMED.get(ch) ?? []), ...(FRAMED.get(ch.toLowerCase()) ?? [])]
      return of.length ? of[pick(i) % of.length]! : ch
    })
    .join('')

const ESCAPED: Array<(s: string) => string> = [
  (s) => s,
  (s) => [...s].map((c) => `&#${c.codePointAt(0)!};`).join(''),
  (s) => encodeURIComponent(s),
  (s) =>
    JSON.stringify(s)
      .slice(1, -1)
      .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
]

test('property: a 2FA code, a short password or a password whose characters are written in Han numerals or framed forms, raw or escaped, is masked (r26y P3, P4)', () => {
  const r = redactor()
  r.addPassword('zq7xw9')
  fc.assert(
    fc.property(
      fc.constantFrom(PW, CODE, 'zq7xw9', '4829137755'),
      fc.array(fc.nat(), { minLength: 16, maxLength: 16 }),
      fc.integer({ min: 0, max: ESCAPED.length - 1 }),
      (secret, picks, e) => {
        if (secret === '4829137755') r.addPassword(secret)
        const written = inForms(secret, (i) => picks[i % picks.length]!)
        const shown = ESCAPED[e]!(written)
        const out = r.text(`<p>code ${shown} here</p>`)
        assert.equal(out, '<p>code ******** here</p>', `${written} as ${shown}`)
      },
    ),
    { numRuns: propertyRuns(300) },
  )
})

test('the reviewed forms: 四八二九一三, 零, Horse七Battery九, ⑷⑻⑵⑼⑴⑶, ⒋⒏⒉⒐⒈⒊, 🄅🄉🄃🄊🄂🄄, ⒵⒬7⒳⒲9 (r26y P3, P4)', () => {
  const r = redactor()
  r.addPassword('zq7xw9')
  r.addPassword('402913')
  for (const t of ['四八二九一三', '四零二九一三', 'Horse七Battery九', '⑷⑻⑵⑼⑴⑶', '⒋⒏⒉⒐⒈⒊', '🄅🄉🄃🄊🄂🄄', '⒵⒬7⒳⒲9'])
    assert.equal(r.text(`<p>${t}</p>`), '<p>********</p>', t)
  // Chinese text that holds no secret is kept, numerals and all
  assert.equal(r.text('<p>第一章 三个人 四八二九</p>'), '<p>第一章 三个人 四八二九</p>')
})
