// Review r23y (issue #23) left four families open in the readings the redactor searches: letters that
// spell nothing between a secret's letters (Y-M1), marks put on an accented secret (Y-M2), a short
// passphrase whose space is an escape (Y-M3), and characters that stand for ASCII without being it
// (Y-M9: tag characters, mathematical letters). Each is tested by its class: random members of it.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { propertyRuns } from '@sessionguard/testkit/property-runs'
import { Redactor, mask } from '../../src/http/redact.js'
import { asciiShadow, decimalValue, letterForms } from '../../src/http/ascii-shadow.js'
import { decodedLevels } from '../../src/http/secret-forms.js'
import { readingFor, scriptsOf, secretSkeleton, skeleton } from '../../src/http/skeleton.js'
import { oneLine } from '../../src/report/text.js'
import { replaceControls } from '../../src/text/controls.js'

const PW = 'Zq7Vx-Horse-Battery9'
const ACCENTED = 'Grüße-Pässwort-7'
const ID = 'bb9aa79c4e1d0f3a8c27e65d19b0f4a2'

function redactor(): Redactor {
  const r = new Redactor()
  r.addPassword(PW)
  r.addPassword(ACCENTED)
  r.addSecret(ID)
  return r
}

/** Whether `out` still spells `secret` in the secret's own letters-and-digits reading, marks left out. */
function spells(out: string, secret: string): boolean {
  const reading = readingFor(scriptsOf(secret))
  return skeleton(out, true, reading).text.includes(secretSkeleton(secret, reading, true))
}

const codePoints = (re: RegExp, from: number, to: number): string[] => {
  const out: string[] = []
  for (let cp = from; cp <= to; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue
    const c = String.fromCodePoint(cp)
    if (re.test(c) && re.test(c.normalize('NFKD'))) out.push(c)
  }
  return out
}
/** Letters that spell nothing between Latin letters: modifier letters, caseless letters of cased scripts, letters and digits of other scripts. */
const MODIFIERS = codePoints(/^\p{Lm}$/u, 0x80, 0x1ffff)
const CASELESS = codePoints(
  new RegExp(String.raw`^[\p{Lo}&&[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Armenian}]]$`, 'v'),
  0x80,
  0x1ffff,
)
const OTHER_SCRIPT = codePoints(
  new RegExp(String.raw`^[[\p{L}\p{N}]--[\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]]$`, 'v'),
  0x370,
  0x9fff,
)

/** `secret` with 1-2 of `between` after each of its characters but the last. */
const interleaved = (secret: string, between: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .array(fc.array(between, { minLength: 1, maxLength: 2 }), { minLength: [...secret].length - 1, maxLength: [...secret].length - 1 })
    .map((seps) => [...secret].map((c, i) => c + (seps[i]?.join('') ?? '')).join(''))

test('property: a secret with modifier letters, caseless letters or letters of another script between its letters is masked (r23y Y-M1)', () => {
  const between = fc.oneof(fc.constantFrom(...MODIFIERS), fc.constantFrom(...CASELESS), fc.constantFrom(...OTHER_SCRIPT))
  for (const [secret, replacement] of [
    [PW, '********'],
    [ACCENTED, '********'],
    [ID, mask(ID)],
  ] as const)
    fc.assert(
      fc.property(interleaved(secret, between), (form) => {
        const out = redactor().text(`before ${form} after`)
        assert.ok(out.includes(replacement), JSON.stringify(out))
        assert.ok(!spells(out, secret), JSON.stringify(out))
        assert.ok(out.startsWith('before ') && out.endsWith(' after'), JSON.stringify(out))
      }),
      { numRuns: propertyRuns(300) },
    )
})

test('the reviewed letter-like separators are masked: ʼ, ː, the tatweel, 々, ǀ, ꞏ, a Cyrillic letter, an Arabic-Indic digit (r23y Y-M1)', () => {
  const r = redactor()
  for (const sep of ['\u02bc', '\u02d0', '\u0640', '\u3005', '\u01c0', '\ua78f', 'ж', '\u0663'])
    assert.equal(r.text(`<pre>${[...PW].join(sep)}</pre>`), '<pre>********</pre>', JSON.stringify(sep))
  // a Cyrillic password keeps its own letters: Latin ones between them are what is left out
  const cyr = new Redactor()
  cyr.addPassword('Пароль-Секрет-24')
  assert.equal(cyr.text(`<p>${[...'Пароль-Секрет-24'].join('x')}</p>`), '<p>********</p>')
})

test('ordinary text is kept beside the letter-like separators: words with apostrophes, Arabic and Japanese text, Latin words among other scripts', () => {
  const r = redactor()
  const page = [
    '<p>Don\u02bct stop: Hawaiʻi, Ngā\u02d0 words; ٣ items; 人々 and ひらがなー.</p>',
    '<p>The horse, the battery and 7 other items: zq vx.</p>',
    '<p>Grüße aus Pässwort-Stadt 8; Zq7 Horse Batterie9.</p>',
    '<p>Пароль Zq7Vx, секрет Horse; Battery 10.</p>',
  ].join('\n')
  assert.equal(r.text(page), page)
})

/** Combining marks that draw, put on letters: what a target adds to an accented secret. */
const MARKS = codePoints(/^\p{Mn}$/u, 0x300, 0x36f)

test('property: an accented password with marks put on each of its characters, or its accents taken off, is masked (r23y Y-M2)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(ACCENTED, 'Ìrena-Pässe-99', 'Ça-Ñandú-Öl-42'),
      fc.array(fc.constantFrom(...MARKS), { minLength: 1, maxLength: 2 }),
      fc.constantFrom('NFC', 'NFD'),
      (pw, marks, form) => {
        const r = new Redactor()
        r.addPassword(pw)
        const text = [...pw.normalize(form)].map((c) => c + marks.join('')).join('')
        const out = r.text(`before ${text} after`)
        assert.ok(out.includes('********'), JSON.stringify(out))
        assert.ok(!spells(out, pw), JSON.stringify(out))
        const bare = r.text(`before ${pw.normalize('NFD').replace(/\p{M}/gu, '')} after`)
        assert.equal(bare, 'before ******** after')
      },
    ),
    { numRuns: propertyRuns(300) },
  )
})

test('an accented password holding a plain i, upper-cased in Turkish (İ is i with a dot above) with separators, is masked (r23y Y-M2)', () => {
  const r = new Redactor()
  for (const pw of ['Kırmızıi-Elma-42é', 'Şifre-için-Güçlü-9']) {
    r.addPassword(pw)
    for (const sep of [' ', '\u034f', '-'])
      assert.equal(r.text(`<p>${[...pw.toLocaleUpperCase('tr')].join(sep)}</p>`), '<p>********</p>', `${pw} ${JSON.stringify(sep)}`)
  }
})

/** A short passphrase's space as a target writes it, wrapped in the escapes of one or two levels. */
const SPACE_RUN = fc.constantFrom('\n', '\t', '\u00a0', '  ', '\r\n', '\u3000')
const wrapSpace = (run: string, how: string): string => {
  const esc = [...run]
  switch (how) {
    case 'html':
      return esc.map((c) => (c === '\u00a0' ? '&nbsp;' : `&#${c.codePointAt(0)};`)).join('')
    case 'html-hex':
      return esc.map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join('')
    case 'json':
      return JSON.stringify(run)
        .slice(1, -1)
        .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    case 'percent':
      return encodeURIComponent(run)
    case 'percent-twice':
      return encodeURIComponent(encodeURIComponent(run))
    case 'amp-html':
      return esc.map((c) => `&amp;#${c.codePointAt(0)};`).join('')
    default:
      return run
  }
}

test('property: a short passphrase with an escaped whitespace or control run between its words is masked at every decoding depth (r23y Y-M3)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('ab cd', 'x y z', 'hi there'),
      fc.array(fc.tuple(SPACE_RUN, fc.constantFrom('html', 'html-hex', 'json', 'percent', 'percent-twice', 'amp-html', 'raw')), {
        minLength: 2,
        maxLength: 2,
      }),
      (pass, runs) => {
        const r = new Redactor()
        r.addPassword(pass)
        const words = pass.split(' ')
        const form = words.map((w, i) => w + (i < words.length - 1 ? wrapSpace(...runs[i]!) : '')).join('')
        const out = r.text(`said: "${form}"!`)
        assert.ok(out.includes('********'), JSON.stringify([form, out]))
        // no decoding and no renderer's folding of what is kept spells the passphrase
        for (const level of [out, ...decodedLevels(out).map((l) => l.text.replace(/\+/g, ' '))])
          for (const rendered of [oneLine(level), oneLine(replaceControls(level, ' ', true))])
            assert.ok(!rendered.includes(pass), JSON.stringify([form, rendered]))
      },
    ),
    { numRuns: propertyRuns(300) },
  )
})

test('the reviewed short passphrases are masked: &nbsp; and a JSON \\n between the words (r23y Y-M3); words with one space apart are kept', () => {
  const r = new Redactor()
  r.addPassword('ab cd')
  assert.equal(r.text('<p>ab&nbsp;cd</p>'), '<p>********</p>')
  assert.equal(r.text('{"echo":"ab\\ncd"}'), '{"echo":"********"}')
  assert.equal(r.text('<p>abc cd, ab-cd, ab&nbsp;ce, ab+ +c</p>'), '<p>abc cd, ab-cd, ab&nbsp;ce, ab+ +c</p>')
})

/** Each printable ASCII character's shadows (ascii-shadow.ts): the code points whose NFKC form is it. */
const SHADOWS = new Map<string, string[]>()
for (let cp = 0x80; cp < 0x110000; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue
  const k = String.fromCodePoint(cp).normalize('NFKC')
  if (k.length === 1 && /[\x21-\x7e]/.test(k)) SHADOWS.set(k, [...(SHADOWS.get(k) ?? []), String.fromCodePoint(cp)])
}
/** The letter and digit forms without a compatibility form (r24y M1): redact-letter-forms.test.ts checks each. */
const FORMS = letterForms()
const tag = (s: string): string => [...s].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('')

/**
 * What a reader reads `cp` as when it is a variant of the letter forms (r25y N6): its compatibility
 * form, lower case or upper case spelled with at least one form and otherwise printable ASCII.
 */
function formVariantOf(cp: number): string | undefined {
  const c = String.fromCodePoint(cp)
  for (const v of [c.normalize('NFKC'), c.toLowerCase(), c.toUpperCase()]) {
    const each = [...v].map((ch) => FORMS.get(ch.codePointAt(0)!) ?? (/^[\x21-\x7e]$/.test(ch) ? ch : undefined))
    if (v !== c && [...v].some((ch) => FORMS.has(ch.codePointAt(0)!)) && each.every((x) => x !== undefined)) return each.join('')
  }
  return undefined
}

/**
 * The numerals that are no \p{Nd} (r26y P3), by value: Intl's Han digits, and the financial and older
 * forms written out here (redact-digits.test.ts checks a secret in each).
 */
const NUMERAL_VALUE = new Map<string, string>()
{
  const han = new Intl.NumberFormat('en', { numberingSystem: 'hanidec', useGrouping: false })
  for (let d = 0; d <= 9; d++) NUMERAL_VALUE.set(han.format(d), String(d))
  for (const [chars, digits] of [
    ['零壹贰叁肆伍陆柒捌玖', '0123456789'],
    ['貳參陸壱弐参弌弍弎', '236123123'],
    ['〡〢〣〤〥〦〧〨〩', '123456789'],
  ] as const)
    [...chars].forEach((c, i) => NUMERAL_VALUE.set(c, digits[i]!))
}
/** A compatibility form as read: numerals as digits, then a run in parentheses or before `.`/`,` without them (r26y P4: the glyph's frame). */
function readCompat(k: string): string | undefined {
  const read = [...k].map((ch) => NUMERAL_VALUE.get(ch) ?? ch).join('')
  if (!/^[\x21-\x7e]+$/.test(read)) return undefined
  const framed = /^\(([0-9A-Za-z]+)\)$/.exec(read) ?? /^([0-9A-Za-z]+)[.,]$/.exec(read)
  return framed ? framed[1] : read
}

test('the shadow table holds every code point whose compatibility form is printable ASCII (without a frame of punctuation around one run, r26y P4), every decimal digit (r24y M2) and Han numeral (r26y P3), the letter forms NFKC misses (r24y M1) and every variant of them (r25y N6), in the whole code space', () => {
  let variants = 0
  for (let cp = 0x80; cp < 0x110000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue
    const k = String.fromCodePoint(cp).normalize('NFKC')
    // a decimal digit without a compatibility form reads as its value (redact-digits.test.ts checks which)
    let expected = readCompat(k) ?? (/\p{Nd}/u.test(k) ? decimalValue(cp) : FORMS.get(cp))
    if (expected === undefined && (expected = formVariantOf(cp)) !== undefined) variants++
    // Stryker disable next-line all: a check over a million code points: the message only matters on failure
    if (asciiShadow(cp) !== expected) assert.fail(`U+${cp.toString(16)}: ${String(asciiShadow(cp))} for ${String(expected)}`)
  }
  // the 11 the review found (modifier small capitals ᶦ ᶫ ᶰ ᶸ 𐞄 𐞒 𐞖 𐞪 𐞲, Ɪ, Ʀ): Unicode adds more, never fewer
  assert.ok(variants >= 11, String(variants))
})

test('property: a password written in any ASCII shadows, one chosen per character, is masked at any length (r23y Y-M9)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('Ab-1.x', 'Zq7Vx-Horse-Battery9', 'p@ss'),
      fc.array(fc.nat(), { minLength: 20, maxLength: 20 }),
      (pw, picks) => {
        const r = new Redactor()
        r.addPassword(pw)
        const form = [...pw].map((c, i) => {
          const shadows = SHADOWS.get(c) ?? [c]
          return shadows[picks[i]! % shadows.length]!
        })
        const out = r.text(`before ${form.join('')} after`)
        assert.equal(out, 'before ******** after', JSON.stringify(form))
      },
    ),
    { numRuns: propertyRuns(300) },
  )
})

test('a password in Unicode tag characters is masked: raw, percent-encoded, as references, spelling an escape, a short one too (r23y Y-M9)', () => {
  const r = new Redactor()
  r.addPassword('Ab-1.x')
  r.addPassword(PW)
  for (const pw of ['Ab-1.x', PW]) {
    const t = tag(pw)
    for (const form of [
      t,
      encodeURIComponent(t),
      [...t].map((c) => `&#${c.codePointAt(0)};`).join(''),
      tag(encodeURIComponent(pw).replace(/A/g, '%41')),
    ])
      assert.equal(r.text(`[${form}]`), '[********]', JSON.stringify(form))
  }
  // a tag character between an id's characters is still a separator a person reads past
  const withId = new Redactor()
  withId.addSecret(ID)
  assert.equal(withId.text(`${ID.slice(0, 20)}&nbsp;${tag('A')}${ID.slice(20)}`), mask(ID))
  // tags spelling an ordinary word, and ordinary mathematical text, are kept
  const page = `flag ${tag('GB')} 𝐱 + 𝐲 ≤ ² and Ⅷ`
  assert.equal(r.text(page), page)
  assert.deepEqual(
    decodedLevels(`a${tag('Zq')}b`, false, { tags: true }).map((l) => l.text),
    ['aZqb'],
  )
})

test('the reviewed ASCII shadows are masked: mathematical bold and fraktur, circled letters, full-width forms (r23y Y-M9)', () => {
  const r = new Redactor()
  r.addPassword('Ab-1.x')
  for (const form of ['𝐀𝐛-𝟏.𝐱', '𝔄𝔟-1.𝔵', 'Ⓐⓑ-①.ⓧ', 'Ａｂ－１．ｘ', '𝙰𝚋-𝟷.𝚡']) assert.equal(r.text(`[${form}]`), '[********]', form)
})

test('a password across two punycode labels: each label decoded, the dot between them read past by the letters-and-digits reading', () => {
  const r = new Redactor()
  r.addPassword('Grüße-Pässwort-77')
  const host = new URL('http://grüße.pässwort-77.example/').host
  assert.ok(host.startsWith('xn--'), host)
  assert.equal(r.text(`go to http://${host}/next`), 'go to http://********.example/next')
})

test('a password whose letters reach 8 only with their marks (Devanagari vowel signs) is still searched with them', () => {
  const pw = 'सुरक्षितकुंजी'
  const r = new Redactor()
  r.addPassword(pw)
  for (const sep of ['\u034f', ' ', '-']) assert.equal(r.text(`[${[...pw].join(sep)}]`), '[********]', JSON.stringify(sep))
  // the same consonants with other vowel signs are another word, kept
  assert.equal(r.text('[सरक्षतकुंज]'), '[सरक्षतकुंज]')
})
