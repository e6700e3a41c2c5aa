// Review r23t (issue #23): each round of review found another character a target can put between
// a secret's letters (an invisible code point, another space, an escape that leaves a backslash, a
// line continuation, a typographic dash), another escape, another host-name encoding, another cut.
// These tests take each finding by its class: random members of the class, not the instances the
// review named.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { domainToASCII } from 'node:url'
import fc from 'fast-check'
import { propertyRuns } from '@sessionguard/testkit/property-runs'
import { RAW_EXCERPT, OBSERVED_BODY, EXCERPT } from '../../src/http/excerpt.js'
import { letterForms } from '../../src/http/ascii-shadow.js'
import { Redactor, mask } from '../../src/http/redact.js'
import { canonical } from '../../src/http/secret-forms.js'
import { readingFor, scriptsOf, secretSkeleton, skeleton, skeletonWorthy } from '../../src/http/skeleton.js'
import { oneLine } from '../../src/report/text.js'
import { replaceControls } from '../../src/text/controls.js'
import type { Exchange } from '../../src/model/finding.js'

const PW = 'Zq7Vx-Horse-Battery9'
const ID = 'bb9aa79c4e1d0f3a8c27e65d19b0f4a2'

function redactor(): Redactor {
  const r = new Redactor()
  r.addPassword(PW)
  r.addPassword('correct horse battery staple')
  r.addSecret(ID)
  return r
}

const LETTER_FORMS = letterForms()

/** A code point that is neither a letter nor a digit nor a visible mark, or one that draws nothing: what may sit between a secret's letters. */
const separatorChar = fc
  .integer({ min: 0, max: 0xe01ef })
  .filter((cp) => cp < 0xd800 || cp > 0xdfff)
  .map((cp) => String.fromCodePoint(cp))
  // what a reader sees as no letter: none in its compatibility form either ('⼀' is the letter '一')
  .filter((c) => /\p{Default_Ignorable_Code_Point}/u.test(c) || !/[\p{L}\p{N}\p{M}]/u.test(c.normalize('NFKD')))
  // nor a letter or digit form without a compatibility form ('🅒' is 'C', '❼' is '7': r24y M1)
  .filter((c) => !LETTER_FORMS.has(c.codePointAt(0)!))
/** Separators written as a target writes them: raw, as an HTML reference, behind a backslash, a line continuation. */
const separator = fc.oneof(
  separatorChar,
  fc.constantFrom('&nbsp;', '&#160;', '&shy;', '\\-', '\\\n', '\\\r\n', '\\ ', '\u2010', '\u2013', '\r\n', '\t', '  ', '\u00a0'),
)

/** `secret` with 0-2 separators after each of its characters but the last. */
const interleaved = (secret: string): fc.Arbitrary<string> =>
  fc
    .array(fc.array(separator, { maxLength: 2 }), { minLength: secret.length - 1, maxLength: secret.length - 1 })
    .map((seps) => [...secret].map((c, i) => c + (seps[i]?.join('') ?? '')).join(''))

test('property: a password or id with any characters that are not letters or digits between its letters is masked (r23t H1, H2, M6, L5)', () => {
  for (const [secret, replacement] of [
    [PW, '********'],
    [ID, mask(ID)],
  ] as const) {
    fc.assert(
      fc.property(interleaved(secret), (form) => {
        const out = redactor().text(`before ${form} after`)
        assert.ok(!skeleton(out).text.includes(secretSkeleton(secret)), JSON.stringify(out))
        assert.ok(out.includes(replacement), JSON.stringify(out))
        assert.ok(out.startsWith('before ') && out.endsWith(' after'), JSON.stringify(out))
      }),
      { numRuns: propertyRuns(300) },
    )
  }
})

test('the named instances of the class are masked: U+034F, VS16, tag characters, U+180E, U+061C, a Hangul filler, DEL, NEL', () => {
  const r = redactor()
  for (const sep of ['\u034f', '\ufe0f', '\u{e0041}', '\u180e', '\u061c', '\u3164', '\u007f', '\u0085'])
    assert.equal(r.text(`<pre>${[...PW].join(sep)}</pre>`), '<pre>********</pre>', JSON.stringify(sep))
})

test('property: no renderer folding (one line, controls as one space) makes a passphrase out of a masked text (r23t H2)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('correct horse battery staple', 'ab cd', 'x y z w'),
      fc.array(fc.constantFrom(' ', '  ', '\n', '\r\n', '\t', '\u00a0', '\u3000', '\u2003', '\u0001', '\u0085'), {
        minLength: 3,
        maxLength: 3,
      }),
      (pass, runs) => {
        const r = new Redactor()
        r.addPassword(pass)
        const words = pass.split(' ')
        const form = words.map((w, i) => w + (i < words.length - 1 ? runs[i]! : '')).join('')
        const out = r.text(`said: ${form}!`)
        for (const rendered of [oneLine(out), replaceControls(out, ' ', true), oneLine(replaceControls(out, ' ', true))])
          assert.ok(!rendered.includes(pass), JSON.stringify(rendered))
      },
    ),
    { numRuns: propertyRuns(300) },
  )
})

test('the decoder reads \\u{…} with any leading zeros, identity escapes and line continuations; octal and malformed escapes stay text (r23t H3, M6)', () => {
  assert.equal(canonical('\\u{0000005a}\\u{000000000071}').text, 'Zq')
  assert.equal(canonical('a\\-b\\.c\\!d\\_e\\ f').text, 'a-b.c!d_e+f')
  assert.equal(canonical('a\\\nb\\\r\nc\\\u2028d').text, 'abcd')
  for (const odd of ['\\7', '\\u{}', '\\u{00110000}', '\\uZZ', '\\']) assert.equal(canonical(odd).text, odd, odd)
  // a password too short for the letters-and-digits reading is found by the decoder alone
  const r = new Redactor()
  r.addPassword('Ab-1.x')
  for (const form of ['Ab\\-1\\.x', '\\Ab\\-1\\.x', 'Ab-\\\n1.x', '\\u{0000041}\\u{00000062}-1.x'])
    assert.equal(r.text(`[${form}]`), '[********]', form)
})

test('a password beside another non-ASCII letter in a punycode host label is masked, the rest of the URL kept (r23t H4)', () => {
  const r = new Redactor()
  const passwords = ['Zq7Vx-Horse-Battery9ü', 'Grüße€Ω-Pass7', 'Пароль-Secret-2024']
  for (const p of passwords) r.addPassword(p)
  for (const p of passwords)
    for (const n of ['é', 'ß', 'ж', '中']) {
      const label = domainToASCII(`${n}${p}`)
      assert.ok(label.startsWith('xn--'), label)
      for (const shown of [label, label.toUpperCase()])
        assert.equal(r.text(`go to http://${shown}.example/next`), 'go to http://********.example/next', `${n}${p}`)
    }
})

test('ordinary text is kept: words with punctuation between them, and secrets too short for the letters-and-digits reading', () => {
  const r = new Redactor()
  r.addPassword('Abc1-x')
  r.addPassword('Summer2024!')
  r.addSecret(ID)
  r.addSecret('abc-def')
  const page = [
    '<p>The abc-1 field: a.b.c.1-x, ABC 1 X.</p>',
    '<p>Summer of 2024; summer-2025; the summer 20 23 hours.</p>',
    '<p>abc, def, ab-cd-ef and bb9a-a79c elsewhere.</p>',
  ].join('\n')
  assert.equal(r.text(page), page)
  // what the reading does mask: the password's letters and digits in order with only punctuation or spaces between
  assert.equal(r.text('<p>the summer 20 24 hours</p>'), '<p>the ******** hours</p>')
})

/** A body as the engine keeps it: cut at `at` before redaction. */
function cutExchange(body: string, at: number): Exchange {
  return {
    actor: 'victim',
    request: { method: 'GET', url: 'http://127.0.0.1/', headers: {} },
    response: { status: 200, headers: {}, body: body.slice(0, at) },
  }
}

test('a secret across a cut made before redaction shows none of its characters, at every offset, whatever masking shrank (r23t M1)', () => {
  const r = redactor()
  for (const cutAt of [RAW_EXCERPT, OBSERVED_BODY]) {
    // one reflection of the password in long references, nearly up to the cut: masked to 8 characters, it pulls what follows into the shown part
    const zeros = Math.floor((cutAt - 100) / PW.length) - 8
    const long = [...PW].map((c) => `&#x${'0'.repeat(zeros)}${c.charCodeAt(0).toString(16)};`).join('')
    for (const secret of [PW, ID]) {
      for (let k = 1; k < secret.length; k++) {
        const pad = long + 'x'.repeat(cutAt - long.length - k)
        const out = r.exchange(cutExchange(`${pad}${secret} and more`, cutAt)).response!.body!
        for (let i = 0; i + 4 <= secret.length; i++) assert.ok(!out.includes(secret.slice(i, i + 4)), `${cutAt} ${k}: ${out.slice(-40)}`)
      }
    }
  }
  // a body shorter than every cut is shown up to the excerpt after masking, as before
  const body = `${PW} ${'y'.repeat(2000)}`
  assert.equal(r.exchange(cutExchange(body, body.length)).response!.body, `******** ${'y'.repeat(EXCERPT - 9)}`)
})

test('a quoted cookie value is learned without its quotes too (r23t M2)', () => {
  const r = new Redactor()
  r.addSecret(`"${ID}"`)
  assert.equal(r.text(`<pre>${ID}</pre>`), `<pre>${mask(ID)}</pre>`)
  assert.equal(r.text(`"${ID}"`), mask(`"${ID}"`))
})

test('a supplied header is learned by its parts: cookie values and credential parameters, not realm, uri or algorithm (r23t M3)', () => {
  const r = new Redactor()
  r.addSecretHeader('Cookie', 'session=Sup3rSecretCookieVal; theme=dark')
  r.addSecretHeader('Authorization', 'Token token="Sup3rSecretTok3n99"')
  r.addSecretHeader(
    'Authorization',
    'Digest username="alice", realm="example.com", uri="/account", algorithm=SHA-256, response="6629fae49393a05397450978507c4ef1", cnonce="0a4f113b9a4f113b"',
  )
  r.addSecretHeader(
    'Authorization',
    'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0',
  )
  r.addSecretHeader('X-Api-Key', 'key=ApiKeyValue123')
  const secrets = [
    'Sup3rSecretCookieVal',
    'Sup3rSecretTok3n99',
    '6629fae49393a05397450978507c4ef1',
    '0a4f113b9a4f113b',
    'fe5f80f77d5fa3beca038a248ff027d0',
    'ApiKeyValue123',
  ]
  for (const s of secrets) assert.equal(r.text(`<b>${s}</b>`), `<b>${mask(s)}</b>`, s)
  const kept = 'GET /account on example.com with SHA-256 and host;x-amz-date, theme dark'
  assert.equal(r.text(kept), kept)
})

test('the new readings stay within the work budget on a large honest body full of separators and labels', () => {
  const r = redactor()
  for (let i = 0; i < 50; i++) r.addSecret(`${ID.slice(0, 24)}${i.toString(16).padStart(8, '0')}`)
  const body = 'a\u034fb-c\\-d&nbsp;e xn--bcher-kva.example\n'.repeat(8000)
  assert.equal(r.text(body), body)
  assert.equal(r.withheld, 0)
})

test('a secret is masked with visible marks put on its letters or taken off them: its letters without marks are its reading (r23y Y-M2)', () => {
  const r = new Redactor()
  r.addPassword(PW)
  r.addPassword('Ìrena-Pass9')
  for (const mark of ['\u0332', '\u0301', '\u0336'])
    assert.equal(r.text(`[${[...PW].map((c) => c + mark).join('')}]`), '[********]', JSON.stringify(mark))
  // the named over-mask: a password's letters without its accents are masked as the password
  assert.equal(r.text('[irena-pass9] [I\u0301RENA-PASS9]'), '[********] [********]')
  // and a word sharing fewer than all of its letters is kept
  assert.equal(r.text('[irena-pass8] [Irena Pass]'), '[irena-pass8] [Irena Pass]')
})

test('a secret of digits only is searched by its digits from 12 of them: a date does not take a shorter one', () => {
  const r = new Redactor()
  r.addSecret('20261207')
  r.addSecret('123456789012')
  assert.equal(r.text('today 2026-12-07, page 1'), 'today 2026-12-07, page 1')
  assert.equal(r.text('card 1234 5678 9012'), `card ${mask('123456789012')}`)
})

/** Letters whose upper-case copy is longer or another letter (r23y Y-H1): ß → SS, ı → I, ς → Σ, ſ → S, ϲ → Ϲ, ᲀ → В, ᾀ → ἈΙ, ŉ → ʼN. */
// with 'i': its Turkish capital İ reads as 'i' with a dot above, and marks are left out of both sides (r23y Y-M2),
// so a password with accents (ǰ, ᾀ) and an 'i' is masked in the Turkish upper case too
const FOLDING = ['ß', 'ı', 'ς', 'ſ', 'ϲ', '\u1c80', '\u1c83', '\u1f80', '\u1f96', 'ŉ', 'ǰ', 'ﬀ']

test('property: a password with letters that case-fold to others, upper-cased with anything between its letters, is masked (r23y Y-H1)', () => {
  const password = fc
    .array(fc.oneof(fc.constantFrom(...FOLDING), fc.constantFrom(...'abcdefghijkmnopqrstuvwxyz0123456789-')), {
      minLength: 8,
      maxLength: 16,
    })
    .map((cs) => cs.join(''))
    .filter((pw) => [...pw].some((c) => FOLDING.includes(c)))
    // the class is that of passwords the letters-and-digits reading searches (SKELETON_MIN of them); a shorter one ('ŉ' is 'ʼn', its 'ʼ' no letter) is found as it stands
    .filter((pw) => skeletonWorthy(secretSkeleton(pw, readingFor(scriptsOf(pw)), true)))
  const upper = (pw: string, locale: string): string => (locale === '' ? pw.toUpperCase() : pw.toLocaleUpperCase(locale))
  fc.assert(
    fc.property(
      password.chain((pw) =>
        fc.constantFrom('', 'tr', 'lt').chain((locale) => interleaved(upper(pw, locale)).map((form) => [pw, form] as const)),
      ),
      ([pw, form]) => {
        const r = new Redactor()
        r.addPassword(pw)
        const out = r.text(`before ${form} after`)
        assert.ok(out.includes('********'), JSON.stringify([pw, out]))
        assert.ok(!skeleton(out).text.includes(secretSkeleton(pw)), JSON.stringify([pw, out]))
        assert.ok(out.startsWith('before ') && out.endsWith(' after'), JSON.stringify([pw, out]))
      },
    ),
    { numRuns: propertyRuns(300) },
  )
})

test('the reviewed upper-case copies are masked: S͏T͏R͏A͏S͏S͏E for Straße, K I R M I Z I for Kırmızı; İstanbul stays masked; ordinary text is kept (r23y Y-H1)', () => {
  const r = new Redactor()
  for (const pw of ['Straße-Nummer-77', 'Kırmızı-Elma-42', 'Σοφίας-Pass-99', 'İstanbul-Pass-99']) r.addPassword(pw)
  const spaced = (s: string, sep: string): string => [...s].join(sep)
  for (const form of [
    spaced('STRASSE-NUMMER-77', '\u034f'),
    spaced('STRASSE-NUMMER-77', ' '),
    spaced('KIRMIZI-ELMA-42', '\u034f'),
    spaced('KIRMIZI-ELMA-42', ' '),
    spaced('ΣΟΦΊΑΣ-PASS-99', '\u034f'),
    spaced('İSTANBUL-PASS-99', '\u034f'),
    spaced('İSTANBUL-PASS-99', ' '),
    'İstanbul-Pass-99'.toLocaleUpperCase('tr'),
  ])
    assert.equal(r.text(`<p>${form}</p>`), '<p>********</p>', form)
  // a text without the passwords' letters in order is kept, with ß, ı, ς and their capitals in it
  const page = '<p>Die Strasse, STRASSE 7; KIRMIZI ELMA; ΣΟΦΙΑ; İstanbul; Straße-Nummer 76; Kırmızı-Elma-43.</p>'
  assert.equal(r.text(page), page)
})
