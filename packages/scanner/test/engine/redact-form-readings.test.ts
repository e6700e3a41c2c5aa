// Review r25y N2, N5, N6 (issue #23): the decoder reads letter forms (small capitals, negative and
// regional letters, dingbat digits) and other scripts' decimal digits as ASCII, but
// - N2: only on the text's side: an operator secret holding them (`Horse٧Battery٩`) was not read
//   alike, so its ASCII reflection with separators, and the base64/hex of its ASCII reading, were in clear;
// - N5: a form an escape decoded to was read one depth later, so at the deepest claimed depth never;
// - N6: the forms' own variants (modifier small capitals `ᶦ`, the capital `Ɪ` of `ɪ`) were not in the table.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { domainToASCII } from 'node:url'
import fc from 'fast-check'
import { propertyRuns } from '@sessionguard/testkit/property-runs'
import { Redactor } from '../../src/http/redact.js'
import { asciiShadow, letterForms } from '../../src/http/ascii-shadow.js'
import { DECODE_DEPTH } from '../../src/http/secret-forms.js'
import { CUT_MARK } from '../../src/http/excerpt.js'

/** ASCII letter or digit (lower-cased) → every code point past ASCII the decoder reads as it (forms, variants, digits of other scripts). */
const BY_ASCII = new Map<string, string[]>()
for (let cp = 0x80; cp < 0x110000; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue
  const a = asciiShadow(cp)
  // what NFKC reads is older ground (math letters, full width), and a framed form (`⒜`, `㈨`) is no letter of a host
  // name (IDNA writes its `(a)` into it): the forms, their variants and the digits are this review's
  const nfkc = String.fromCodePoint(cp).normalize('NFKC')
  if (a === undefined || a.length !== 1 || !/[A-Za-z0-9]/.test(a) || /^[\x21-\x7e]$/.test(nfkc) || /^\(.+\)$|^.+[.,]$/.test(nfkc)) continue
  BY_ASCII.set(a.toLowerCase(), [...(BY_ASCII.get(a.toLowerCase()) ?? []), String.fromCodePoint(cp)])
}
const FORMS = letterForms()

/** `s` with each character that has a form written, when `pick` says so, as one of them. */
const written = (s: string, pick: (i: number) => number): string =>
  [...s]
    .map((ch, i) => {
      const of = BY_ASCII.get(ch.toLowerCase())
      return of && pick(i) % 3 !== 0 ? of[pick(i) % of.length]! : ch
    })
    .join('')

const PW = 'Horse7Battery9'
const ID = 'Qm9yZ2VkU2Vzc2lvbkx1MTIzNDU2'
const KEY = 'Kq7vN2pLx9Wc4TzQ'
type Learn = (r: Redactor, secret: string) => void
const SECRETS: Array<[string, string, Learn]> = [
  ['a password', PW, (r, s) => r.addPassword(s)],
  ['a supplied header', KEY, (r, s) => r.addSecretHeader('X-Api-Key', s, true)],
  ['a handed-out id', ID, (r, s) => r.addSecret(s)],
]
const SEPARATORS = [' ', '-', '.', '\u02bc', '\u0436', '\u00a0', '_']

test('property: a secret holding letter forms or other scripts\u2019 digits is masked reflected in ASCII with separators between its characters, and as base64 and hex of its ASCII reading (r25y N2)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...SECRETS),
      fc.array(fc.nat(), { minLength: 32, maxLength: 32 }),
      fc.constantFrom(...SEPARATORS),
      fc.constantFrom('separated', 'base64', 'hex'),
      ([, ascii, learn], picks, sep, how) => {
        const secret = written(ascii, (i) => picks[i]!)
        fc.pre(secret !== ascii)
        const r = new Redactor()
        learn(r, secret)
        // base64 and hex tell case apart: of the reading itself (`ʜ` reads `h`, `🅷` `H`)
        const reading = [...secret].map((c) => asciiShadow(c.codePointAt(0)!) ?? c).join('')
        const shown =
          how === 'separated'
            ? [...ascii].join(sep)
            : how === 'base64'
              ? Buffer.from(reading).toString('base64')
              : Buffer.from(reading).toString('hex')
        const out = r.text(`<p>${shown}</p>`)
        // the middle of what was shown is gone (the mask may keep an id's first characters)
        const middle = shown.slice(Math.floor(shown.length / 3), Math.floor((2 * shown.length) / 3))
        assert.equal(out.includes(middle), false, `${secret} / ${shown} → ${out}`)
      },
    ),
    { numRuns: propertyRuns(150) },
  )
})

test("the reviewed operator secrets are masked: Horse٧Battery٩ as 'H o r s e 7 …', 🅷🅾🆁🆂🅴7Battery9 as 'H O R S E 7 …', a 12-digit password in Arabic-Indic digits as 4829-1377-5501 (r25y N2)", () => {
  for (const [pw, text] of [
    ['Horse٧Battery٩', 'H o r s e 7 B a t t e r y 9'],
    ['Horse٧Battery٩', 'H-o-r-s-e-7-B-a-t-t-e-r-y-9'],
    ['Horse٧Battery٩', Buffer.from('Horse7Battery9').toString('base64')],
    ['🅷🅾🆁🆂🅴7Battery9', 'H O R S E 7 Battery 9'],
    ['ʜᴏʀꜱᴇ7Battery9', 'horse 7 battery 9'],
    ['٤٨٢٩١٣٧٧٥٥٠١', '4829-1377-5501'],
  ]) {
    const r = new Redactor()
    r.addPassword(pw!)
    // base64's last character holds bits of what follows the password: the mask ends before it
    assert.match(r.text(`x ${text} y`), /^x \*{8}(?:k=)? y$/, `${pw}: ${text}`)
  }
})

/** Each character of `s` escaped once, in one of the escapes the decoder undoes. */
const ESCAPES: Record<string, (s: string) => string> = {
  percent: (s) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  html: (s) => [...s].map((c) => `&#${c.codePointAt(0)};`).join(''),
  json: (s) =>
    [...s]
      .flatMap((c) => (c.length === 2 ? [c[0]!, c[1]!] : [c]))
      .map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
}

test(`property: letter forms and other scripts' digits escaped up to ${DECODE_DEPTH} times, in any mix of escapes, are read at every depth: the form costs no depth (r25y N5)`, () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...SECRETS),
      fc.array(fc.nat(), { minLength: 32, maxLength: 32 }),
      fc.array(fc.constantFrom(...Object.keys(ESCAPES)), { minLength: 1, maxLength: DECODE_DEPTH }),
      fc.boolean(),
      ([, ascii, learn], picks, kinds, formsInSecret) => {
        const form = written(ascii, (i) => picks[i]!)
        fc.pre(form !== ascii)
        const r = new Redactor()
        // the forms on either side: the secret given in them and reflected in ASCII, or the other way round
        learn(r, formsInSecret ? form : ascii)
        let shown = formsInSecret ? ascii : form
        for (const kind of kinds) shown = ESCAPES[kind]!(shown)
        const out = r.text(`<p>${shown}</p>`)
        assert.ok(
          !out.includes(shown.slice(Math.floor(shown.length / 3), Math.floor((2 * shown.length) / 3))),
          `${form} ${kinds.join('>')} → ${out.slice(0, 200)}`,
        )
      },
    ),
    { numRuns: propertyRuns(80) },
  )
})

test('the reviewed depth: small capitals and Arabic-Indic digits percent-encoded four times are masked (r25y N5)', () => {
  const r = new Redactor()
  r.addPassword(PW)
  const pct = (s: string): string => ESCAPES.percent!(s)
  for (const form of ['ʜᴏʀꜱᴇ7ʙᴀᴛᴛᴇʀʏ9', 'Horse٧Battery٩']) {
    const shown = pct(pct(pct(pct(form))))
    assert.equal(r.text(`x ${shown} y`), 'x ******** y', form)
  }
})

test('the variants of the letter forms are read (r25y N6): modifier small capitals, Ɪ, Ʀ, the Latin Extended-F small capitals, in a password, an id and a short password', () => {
  const variants = [0x1a6, 0x1da6, 0x1dab, 0x1db0, 0x1db8, 0xa7ae, 0x10784, 0x10792, 0x10796, 0x107aa, 0x107b2]
  for (const cp of variants) assert.ok(asciiShadow(cp) !== undefined && !FORMS.has(cp), `U+${cp.toString(16)}`)
  const r = new Redactor()
  r.addPassword('Sunlight7Pain9')
  r.addPassword('nuli7')
  const id = new Redactor()
  id.addSecret('nulinulinuli7nuli')
  assert.equal(id.text('x ᶰᶸᶫᶦᶰᶸᶫᶦᶰᶸᶫᶦ⁷ᶰᶸᶫᶦ y'), 'x nuli…[17] y')
  for (const [shown, masked] of [
    ['ˢᶸᶰᶫᶦᵍʰᵗ⁷ᴾᵃᶦᶰ⁹', '********'],
    ['SUNLꞮGHT7PAꞮN9', '********'],
    ['ᶰᶸᶫᶦ⁷', '********'],
    ['𐞖ORSE', 'HORSE'],
  ])
    if (masked === 'HORSE') assert.equal(r.text(`x ${shown} y`), `x ${shown} y`)
    else assert.equal(r.text(`x ${shown} y`), `x ${masked} y`, shown)
})

test('property: a secret written in letter forms or other scripts\u2019 digits as a punycode host label, beside an accented letter or alone, is masked (r25y N1)', () => {
  const r = new Redactor()
  r.addPassword(PW)
  r.addPassword('Zq7xwk')
  r.addSecret(ID)
  fc.assert(
    fc.property(
      fc.constantFrom(PW, 'Zq7xwk', ID),
      fc.array(fc.nat(), { minLength: 32, maxLength: 32 }),
      fc.constantFrom('', 'é'),
      (secret, picks, beside) => {
        const form = written(secret, (i) => picks[i]!)
        const host = domainToASCII(`${beside}${form}`)
        // a form IDNA maps to ASCII itself (or refuses) needs no decoding here
        fc.pre(host.includes('xn--'))
        const out = r.text(`<a href="http://${host}.example/">x</a>`)
        assert.equal(out.includes(host), false, `${form} → ${host} → ${out}`)
      },
    ),
    { numRuns: propertyRuns(150) },
  )
})

test('a cut before redaction through a password in four-byte letter forms, percent-encoded or as JSON surrogate escapes (12 units a character), in zero-padded references or in nested escapes, leaves no character of it (r25y L8)', () => {
  const negative = [...PW].map((c) => (/[a-z]/i.test(c) ? String.fromCodePoint(0x1f170 + c.toUpperCase().charCodeAt(0) - 65) : c)).join('')
  for (const form of [
    ESCAPES.percent!(negative),
    ESCAPES.json!(negative),
    // references padded with leading zeros, escapes nested three deep: as long as anything, one character decoded
    [...PW].map((c) => `&#${'0'.repeat(40)}${c.charCodeAt(0)};`).join(''),
    ESCAPES.percent!(ESCAPES.percent!(ESCAPES.percent!(PW))),
  ]) {
    const r = new Redactor()
    r.addPassword(PW)
    const kept: string[] = []
    for (let cut = 1; cut < form.length; cut++) {
      const out = r.text(`<p>x ${form.slice(0, cut)}${CUT_MARK}`)
      // what is left before the withheld window, decoded: no letter form, no digit of the password
      // (or the whole password found, where the cut left all of it: its mask then takes the window too)
      const hidden = /\[…\]|\*{8}/.exec(out)
      if (!hidden || !'<p>x '.startsWith(out.slice(0, hidden.index))) kept.push(`${cut}: ${out}`)
    }
    assert.deepEqual(kept, [])
  }
})

test('a 2FA code in keycaps (digit, U+FE0F, U+20E3), or with any enclosing mark of the code space on each digit, is masked (r25y L9)', () => {
  const r = new Redactor()
  r.addPassword('482913')
  const keycaps = [...'482913'].map((d) => `${d}\ufe0f\u20e3`).join('')
  assert.equal(r.text(`code ${keycaps} now`), 'code ******** now')
  const enclosing: string[] = []
  for (let cp = 0; cp < 0x110000; cp++)
    if ((cp < 0xd800 || cp > 0xdfff) && /\p{Me}/u.test(String.fromCodePoint(cp))) enclosing.push(String.fromCodePoint(cp))
  assert.ok(enclosing.length >= 13, String(enclosing.length))
  for (const mark of enclosing) {
    const shown = [...'482913'].map((d) => `${d}${mark}`).join('')
    assert.equal(r.text(`code ${shown} now`), 'code ******** now', `U+${mark.codePointAt(0)!.toString(16)}`)
  }
})
