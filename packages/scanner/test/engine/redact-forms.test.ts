// The decoder behind the redactor (secret-forms.ts), each escape on its own and asserted on the
// exact output, so a broken escape shows as a leak or as text the redactor mangled (issue 29).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decodeHTML } from 'entities'
import { Redactor, mask } from '../../src/http/redact.js'
import {
  applySpans,
  base64Cores,
  canonical,
  canonicalSecret,
  decodedLevels,
  windows1252,
  DECODE_DEPTH,
} from '../../src/http/secret-forms.js'

const SECRET = 'k3P9x2ZqLw8vT1bR'

function redactor(): Redactor {
  const r = new Redactor()
  r.addSecret(SECRET)
  return r
}

const each = (s: string, f: (c: string) => string): string => [...s].map(f).join('')
const hex = (c: string): string => c.codePointAt(0)!.toString(16)

test('HTML hex references with a lower-case x, with and without semicolons, are decoded', () => {
  const r = redactor()
  for (const form of [
    each(SECRET, (c) => `&#x${hex(c)};`),
    each(SECRET, (c) => `&#x${hex(c)}`),
    each(SECRET, (c) => `&#X${hex(c).toUpperCase()};`),
  ])
    assert.equal(r.text(`<b>${form}</b>`), `<b>${mask(SECRET)}</b>`, form)
  // a reference that decodes to nothing valid stays text
  assert.equal(r.text('&#x;&#;&#x110000;&#xZZ'), '&#x;&#;&#x110000;&#xZZ')
})

test('JavaScript \\u{…} and \\xNN escapes are decoded, malformed ones stay text', () => {
  const r = redactor()
  assert.equal(r.text(`s="${each(SECRET, (c) => `\\u{${hex(c)}}`)}"`), `s="${mask(SECRET)}"`)
  assert.equal(r.text(`s="${each(SECRET, (c) => `\\u{00${hex(c)}}`)}"`), `s="${mask(SECRET)}"`)
  assert.equal(r.text(`s='${each(SECRET, (c) => `\\x${hex(c)}`)}'`), `s='${mask(SECRET)}'`)
  assert.equal(r.text(`s='${each(SECRET, (c) => `\\x${hex(c).toUpperCase()}`)}'`), `s='${mask(SECRET)}'`)
  for (const odd of ['\\u{}', '\\u{1234567}', '\\u{110000}', '\\u{00110000}', '\\u{12', '\\uZZZZ', '\\u12', '\\xZ1', '\\x4', '\\7', '\\'])
    assert.deepEqual(canonical(odd).text, odd, odd)
})

test('the decoder maps \\u{…}, \\xNN and JSON escapes to their characters, each to the escape it came from', () => {
  const c = canonical('a\\u{1F600}b\\x41\\n\\u0042')
  assert.equal(c.text, 'a\u{1F600}bA\nB')
  assert.deepEqual([...c.starts], [0, 1, 1, 10, 11, 15, 17])
  assert.deepEqual([...c.ends], [1, 10, 10, 11, 15, 17, 23])
})

test("a password of punctuation echoed by PHP's json_encode, every '/' written as '\\/', is masked", () => {
  // no letter or digit to read it by: only the JSON escape read as '/' finds it
  const r = new Redactor()
  r.addPassword('#/!?/*-/')
  assert.equal(r.text('{"password":"#\\/!?\\/*-\\/","user":"alice"}'), '{"password":"********","user":"alice"}')
})

test('each JSON escape reads as the character JSON gives it, mapped to its two characters', () => {
  const c = canonical('\\b\\f\\r\\/\\"\\\\')
  assert.equal(c.text, '\b\f\r/"\\')
  assert.deepEqual([...c.starts], [0, 2, 4, 6, 8, 10])
  assert.deepEqual([...c.ends], [2, 4, 6, 8, 10, 12])
})

test('3- and 4-byte UTF-8 percent forms are decoded as one character', () => {
  const password = 'p€ss😀wörd'
  const r = new Redactor()
  r.addPassword(password)
  const upper = encodeURIComponent(password)
  const lower = upper.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())
  assert.equal(r.text(`pw=${upper}&x=1`), 'pw=********&x=1')
  assert.equal(r.text(`pw=${lower}&x=1`), 'pw=********&x=1')
  assert.equal(canonical('%E2%82%AC').text, '€')
  assert.equal(canonical('%f0%9f%98%80').text, '😀')
  assert.equal(canonical('%C3%BC').text, 'ü')
  // a lead byte without its continuation bytes is one windows-1252 character, and so are bytes after it
  assert.equal(canonical('%E2%82x').text, 'â‚x')
  assert.equal(canonical('%F0%9F%98').text, 'ðŸ˜')
  assert.equal(canonical('%F8%80').text, 'ø€')
  // an overlong or surrogate sequence is not UTF-8: each byte stands alone
  assert.equal(canonical('%ED%A0%80').text, 'í\u00a0€')
  assert.equal(canonical('%41%zz%4').text, 'A%zz%4')
})

test('percent bytes without a charset are read as windows-1252', () => {
  assert.equal(windows1252(0x80), '€')
  assert.equal(windows1252(0x9f), 'Ÿ')
  assert.equal(windows1252(0x7f), '\x7f')
  assert.equal(windows1252(0xa0), '\u00a0')
  assert.equal(windows1252(0xfc), 'ü')
  assert.equal(canonical('gr%FC%DFe%80').text, 'grüße€')
})

test('a secret inside a longer base64 blob is masked at every byte alignment, the rest of the blob is kept', () => {
  const r = redactor()
  for (const [pre, post] of [
    ['{"user":"alice","sid":"', '","exp":1700000000}'],
    ['{"user":"alic","sid":"', '","exp":170000000}'],
    ['{"user":"ali","sid":"', '"}'],
  ] as const) {
    for (const enc of ['base64', 'base64url'] as const) {
      const blob = Buffer.from(`${pre}${SECRET}${post}`).toString(enc)
      const out = r.text(`token=${blob};`)
      assert.ok(!out.includes(blob), `${enc} ${pre.length}: ${out}`)
      for (const core of base64Cores(Buffer.from(SECRET))) assert.ok(!out.includes(core.slice(0, 8)), `${enc}: ${out}`)
      // what lies before the secret's bytes is not the secret: it is kept
      assert.ok(out.startsWith(`token=${blob.slice(0, Math.floor((pre.length * 4) / 3) - 1)}`), `${enc}: ${out}`)
      assert.ok(out.endsWith(';'), out)
    }
  }
})

test("base64 cores are the characters the secret's bytes alone decide at offsets 0, 1 and 2", () => {
  assert.deepEqual(base64Cores(Buffer.from('abc')), ['YWJj', 'FiY', 'hYm'])
  assert.deepEqual(base64Cores(Buffer.from('a')), ['Y', 'h'])
  for (const k of [0, 1, 2]) {
    const bytes = Buffer.from('any secret bytes!')
    const core = base64Cores(bytes)[k]!
    for (const pre of ['', 'x', 'xy', 'xyz'].filter((p) => p.length % 3 === k))
      for (const post of ['', 'q', 'qq']) assert.ok(Buffer.from(`${pre}any secret bytes!${post}`).toString('base64').includes(core))
  }
})

test('decoding goes as deep as the nesting and no deeper than DECODE_DEPTH', () => {
  assert.deepEqual(decodedLevels('plain text'), [])
  assert.deepEqual(decodedLevels('100% sure &unknown; a\\7'), [])
  const once = decodedLevels('a%2541b')
  assert.deepEqual(
    once.map((l) => l.text),
    ['a%41b', 'aAb'],
  )
  // each level maps back to the original text: 'A' came from '%2541' at [1, 6)
  assert.deepEqual([once[1]!.starts[1], once[1]!.ends[1]], [1, 6])
  let deep = 'Z'
  for (let i = 0; i < DECODE_DEPTH + 2; i++) deep = encodeURIComponent(deep).replace(/Z/, '%5A')
  const levels = decodedLevels(deep)
  assert.equal(levels.length, DECODE_DEPTH)
  assert.equal(DECODE_DEPTH, 4)
  // a text that is only invisible characters and a space decodes once
  assert.deepEqual(
    decodedLevels('a\u200bb c').map((l) => l.text),
    ['ab+c'],
  )
})

test('characters that draw nothing are left out of the canonical form, whether raw or as references', () => {
  const r = redactor()
  const spaced = [...SECRET].join('\u200b')
  assert.equal(r.text(`[${spaced}]`), `[${mask(SECRET)}]`)
  assert.equal(r.text(`[${[...SECRET].join('&zwj;')}]`), `[${mask(SECRET)}]`)
  assert.equal(r.text(`[${[...SECRET].join('\ufeff')}]`), `[${mask(SECRET)}]`)
  assert.equal(canonical('a\u00adb&shy;c%C2%ADd').text, 'abcd')
  // visible characters next to them are kept
  assert.equal(canonical('é\u00a0ü').text, 'é\u00a0ü')
})

test('named references decode the names HTML defines (the legacy ones without a semicolon too), never a prototype key or an unknown name', () => {
  assert.equal(canonical('&lt;&GT;&quot;&apos;&sol;&equals;&plus;&colon;&nbsp;').text, '<>"\'/=+:\u00a0')
  assert.equal(canonical('&constructor;&toString;&Lt;').text, '&constructor;&toString;≪')
  assert.equal(canonical(`&${'a'.repeat(45)};`).text, `&${'a'.repeat(45)};`)
  // browsers read the legacy names without their semicolon, so a target can reflect a secret that way
  assert.equal(canonical('&amp').text, '&')
})

test('the named references the decoder folds itself read as a browser reads them, hyphens and tilde as ASCII, the invisible ones as nothing', () => {
  const names = (
    'amp AMP lt LT gt GT quot QUOT apos excl num dollar percnt lpar rpar ast midast plus comma period sol colon semi ' +
    'equals quest commat lsqb lbrack bsol rsqb rbrack Hat lowbar UnderBar grave DiacriticalGrave lcub lbrace verbar vert ' +
    'VerticalLine rcub rbrace nbsp'
  ).split(' ')
  for (const name of names) assert.equal(canonical(`x&${name};y`).text, `x${decodeHTML(`&${name};`)}y`, name)
  // the project's own folds: the hyphens and the small tilde (U+2010, U+02DC in HTML) read as the ASCII ones a secret holds
  assert.equal(canonical('a&hyphen;b&dash;c&tilde;d').text, 'a-b-c~d')
  // drawn as nothing: left out, whether named or raw
  assert.equal(canonical('a&shy;b&ZeroWidthSpace;c&zwnj;d&zwj;e&lrm;f&rlm;g').text, 'abcdefg')
})

test('a space and a plus are one character, in the secret and in the text', () => {
  assert.equal(canonicalSecret('a b c'), 'a+b+c')
  const r = new Redactor()
  r.addPassword('two words')
  assert.equal(r.text('p=two+words&q=two%20words&s=two words'), 'p=********&q=********&s=********')
  assert.equal(canonical('a b%20c').text, 'a+b+c')
})

test('overlapping spans merge into one with the first replacement; spans apart stay apart', () => {
  const text = '0123456789abcdef'
  assert.equal(applySpans(text, []), text)
  assert.equal(
    applySpans(text, [
      { start: 4, end: 6, replacement: '[b]' },
      { start: 2, end: 10, replacement: '[a]' },
    ]),
    '01[a]abcdef',
  )
  assert.equal(
    applySpans(text, [
      { start: 2, end: 6, replacement: '[a]' },
      { start: 5, end: 9, replacement: '[b]' },
    ]),
    '01[a]9abcdef',
  )
  assert.equal(
    applySpans(text, [
      { start: 2, end: 4, replacement: '[a]' },
      { start: 2, end: 8, replacement: '[long]' },
    ]),
    '01[long]89abcdef',
  )
  assert.equal(
    applySpans(text, [
      { start: 10, end: 12, replacement: '[b]' },
      { start: 0, end: 2, replacement: '[a]' },
      { start: 2, end: 3, replacement: '[c]' },
    ]),
    '[a][c]3456789[b]cdef',
  )
})

test("escape()'s %uXXXX (either case of u) and full-width letters read as the characters they stand for", () => {
  assert.equal(canonical('%u20AC%U00fc%u00E9').text, '€üé')
  for (const odd of ['%u12', '%uZZZZ', '%u', '%U20A']) assert.equal(canonical(odd).text, odd, odd)
  const r = new Redactor()
  r.addPassword('pässwörd€')
  assert.equal(r.text(`pw=${escape('pässwörd€')}&x=1`), 'pw=********&x=1')
  // the full-width forms U+FF01-U+FF5E are the ASCII characters '!'-'~'; the code points either side are not
  assert.equal(canonical('\uff01\uff21\uff42\uff11\uff5e').text, '!Ab1~')
  assert.equal(canonical('\uff00\uff5f').text, '\uff00\uff5f')
  const full = [...SECRET].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('')
  assert.equal(redactor().text(`[${full}]`), `[${mask(SECRET)}]`)
})

test('\\u{…} takes one to six hex digits up to 10FFFF; a three-byte UTF-8 percent form may start at E0, each byte with its %', () => {
  assert.equal(canonical('\\u{9}\\u{01F600}\\u{10FFFF}').text, '\t\u{1F600}\u{10FFFF}')
  for (const odd of ['\\u{12g}', '\\u{0110000}', '\\u{4_1}']) assert.equal(canonical(odd).text, odd, odd)
  assert.equal(canonical('%E0%A4%85%e0%a4%86').text, 'अआ')
  // a continuation byte is a '%' and two hex digits: hex digits without their '%' are text
  assert.equal(canonical('%E2X82YAC').text, 'âX82YAC')
})

test('a password a browser posts from a page in a legacy charset (windows-1251, KOI8-R, ISO-8859-2, Shift_JIS, EUC-KR, GBK, Big5) is masked, with &#NNN; for what the charset lacks', () => {
  // the bytes as a browser percent-encodes them (ASCII trail bytes as they are), given to the redactor as
  // the browser login gives them: the bytes Chromium posts (login/browser/posted-bytes.ts)
  const posted: Array<[string, string]> = [
    ['Пароль-Секрет-9', '%CF%E0%F0%EE%EB%FC-%D1%E5%EA%F0%E5%F2-9'],
    ['Пароль-Секрет-9', '%f0%c1%d2%cf%cc%d8-%f3%c5%cb%d2%c5%d4-9'],
    ['Zażółć-gęślą-7', 'Za%BF%F3%B3%E6-g%EA%B6l%B1-7'],
    ['パスワード秘密-1', '%83p%83X%83%8F%81%5B%83h%94%E9%96%A7-1'],
    ['비밀번호-암호-5', '%BA%F1%B9%D0%B9%F8%C8%A3-%BE%CF%C8%A3-5'],
    ['密码秘密口令-8', '%C3%DC%C2%EB%C3%D8%C3%DC%BF%DA%C1%EE-8'],
    ['密碼秘密口令-8', '%B1K%BDX%AF%B5%B1K%A4f%A5O-8'],
    ['Κωδικός-Μυστικό-3', '%CA%F9%E4%E9%EA%FC%F2-%CC%F5%F3%F4%E9%EA%FC-3'],
    ['Пароль-Ωmega', '%CF%E0%F0%EE%EB%FC-%26%23937%3Bmega'],
  ]
  const r = new Redactor()
  for (const [pw, body] of posted)
    r.addPostedPassword(pw, [
      Buffer.from(
        body.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
        'latin1',
      ),
    ])
  for (const [pw, body] of posted) assert.equal(r.text(`user=alice&password=${body}&go=1`), 'user=alice&password=********&go=1', pw)
  // what is no password stays: the same bytes with one letter changed
  assert.equal(r.text('p=%CF%E0%F0%EE%EB%FC-%D1%E5%EA%F0%E5%F2-8'), 'p=%CF%E0%F0%EE%EB%FC-%D1%E5%EA%F0%E5%F2-8')
})
