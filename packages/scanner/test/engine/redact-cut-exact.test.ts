// Review r29yr F4, F1 residual, E1, R2b (issue #23). The window before a cut was "as many units of
// each view as the longest needle": a view that keeps few of a page's characters (the Latin letters
// and digits of a Russian or Chinese page) walked back over the whole page (F4), and a 2,000-character
// supplied token made every long honest body `[…]` (F1). It is now the longest run before the cut that
// a needle starts with, in each view. An escape cut short (`\u{0000…`, `&`, `%6`, a lone high
// surrogate) ended a level in what is not yet a character, and the window stopped at it (E1, R2b).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { domainToASCII } from 'node:url'
import fc from 'fast-check'
import { propertyRuns } from '@sessionguard/testkit/property-runs'
import { CUT_MARK, EXCERPT, RAW_EXCERPT } from '../../src/http/excerpt.js'
import { Redactor } from '../../src/http/redact.js'
import { decodedLevels } from '../../src/http/secret-forms.js'
import type { Exchange } from '../../src/model/finding.js'

const PW = 'Horse7Battery9'
const HAN =
  '的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从'
const RU = 'Добро пожаловать в личный кабинет Ваши заказы отправлены по адресу '
const AR = 'مرحبا بكم في حسابكم تم شحن طلباتكم إلى العنوان '

const exchange = (body: string): Exchange => ({
  actor: 'victim',
  request: { method: 'GET', url: 'http://127.0.0.1/', headers: {} },
  response: { status: 200, headers: {}, body },
})
const shownBody = (r: Redactor, body: string): string => r.exchange(exchange(body)).response!.body!

const page = (n: number, prose: string, markup: boolean): string => {
  let s = `<!doctype html><html><body><h1>${prose.slice(0, 10)}</h1>`
  for (let i = 0; s.length < n; i++) s += markup ? `<p>${prose}${i}</p>\n` : `${prose}。`
  return s.slice(0, n)
}

/** Every prefix of PW of three characters or more, in any case, that any decoded level of `shown` (read NFKC) holds. */
function decodedPrefix(shown: string): string {
  const texts = [shown, ...decodedLevels(shown).map((l) => l.text)].map((t) => t.normalize('NFKC').toLowerCase().replace(/\+/g, ' '))
  let best = ''
  for (let k = 3; k <= PW.length; k++) if (texts.some((t) => t.includes(PW.slice(0, k).toLowerCase()))) best = PW.slice(0, k)
  return best
}

test('honest pages in other scripts keep their excerpt and everything before a mark, beside a password, an id and a JWT (r29yr F4)', () => {
  const r = new Redactor()
  r.addPassword(PW)
  r.addSecret('Yq3vT9xLm2Pw7Rk4Zs8Nd1Hc6Jf5Bg0')
  r.addSecretHeader('Authorization', `Bearer eyJhbGciOiJIUzI1NiJ9.${'a'.repeat(300)}`, true)
  for (const [prose, markup] of [
    [HAN, false],
    [HAN, true],
    [RU.repeat(3), false],
    [AR.repeat(3), false],
  ] as const) {
    for (const n of [4096, 4696]) {
      const body = page(n, prose, markup)
      assert.equal(shownBody(r, body), body.slice(0, EXCERPT), `${prose.slice(0, 8)} ${n}`)
    }
    for (const n of [1037, 1537]) {
      const quoted = `${page(n, prose, markup)}${CUT_MARK}`
      assert.equal(r.text(quoted), quoted, `${prose.slice(0, 8)} marked at ${n}`)
    }
  }
  // the mirror: an English page beside a password in Cyrillic or Greek letters
  for (const password of ['ПарольСекрет2024', 'Καλημέρα2024κόσμε']) {
    const other = new Redactor()
    other.addPassword(password)
    const body = page(4096, 'Welcome alice, your orders ship to the address on file. ', false)
    assert.equal(shownBody(other, body), body.slice(0, EXCERPT), password)
  }
})

test('honest long bodies keep their excerpt beside a supplied 2,000-character cookie or bearer token (r29yr F1 residual)', () => {
  const token = Array.from(
    { length: 2000 },
    (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[(i * 7919) % 62],
  ).join('')
  for (const [name, value] of [
    ['Cookie', `session=${token}`],
    ['Authorization', `Bearer ${token}`],
  ] as const) {
    const r = new Redactor()
    r.addPassword(PW)
    r.addSecretHeader(name, value, true)
    for (const n of [4096, 4696, 6000]) {
      const body = page(n, 'Welcome alice. Order #1003 ships to 12 Main Street. ', true)
      assert.equal(shownBody(r, body), body.slice(0, EXCERPT), `${name} ${n}`)
    }
  }
})

test('property: a password whose last escape is zero-padded shows none of it, cut at any offset of the form (r29yr E1)', () => {
  const r = new Redactor()
  r.addPassword(PW)
  const last = PW.at(-1)!.charCodeAt(0)
  const forms = (zeros: number): string[] => [
    `${PW.slice(0, -1)}\\u{${'0'.repeat(zeros)}${last.toString(16)}}`,
    `${PW.slice(0, -1)}&#${'0'.repeat(zeros)}${last};`,
    `${PW.slice(0, -1)}&#x${'0'.repeat(zeros)}${last.toString(16)};`,
    `${[...PW.slice(0, -1)].map((c) => `\\u{${c.charCodeAt(0).toString(16)}}`).join('')}\\u{${'0'.repeat(zeros)}${last.toString(16)}}`,
  ]
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 300 }), fc.nat(), fc.integer({ min: 0, max: 3 }), (zeros, at, kind) => {
      const form = forms(zeros)[kind]!
      const cut = 1 + (at % (form.length - 1))
      const shown = r.text(`<p>x ${form.slice(0, cut)}${CUT_MARK}</p>`)
      assert.equal(decodedPrefix(shown), '', `${zeros} zeros, cut at ${cut}: ${shown}`)
    }),
    { numRuns: propertyRuns(300) },
  )
  // the reviewed engine cut: 4,400 zeros, the body cut at RAW_EXCERPT inside them
  const body = `<p>${forms(4400)[0]}`.slice(0, RAW_EXCERPT)
  assert.equal(decodedPrefix(shownBody(r, body)), '')
})

const dev = (s: string): string => [...s].map((c) => (/[0-9]/.test(c) ? String.fromCodePoint(0x966 + Number(c)) : c)).join('')
const LABEL = domainToASCII(`${dev(PW)}${[...HAN].slice(0, 60).join('')}.example`).replace(/\.example$/, '')
const bold = (s: string): string =>
  [...s]
    .map((c) =>
      /[a-z]/.test(c)
        ? String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97)
        : /[0-9]/.test(c)
          ? String.fromCodePoint(0x1d7ce + Number(c))
          : c,
    )
    .join('')
/** The label written in each way the decoder reads, escaped up to twice. */
const LABEL_FORMS: Record<string, (s: string) => string> = {
  plain: (s) => s,
  decimal: (s) => [...s].map((c) => `&#${c.charCodeAt(0)};`).join(''),
  padded: (s) => [...s].map((c) => `&#${'0'.repeat(16)}${c.charCodeAt(0)};`).join(''),
  percent: (s) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`).join(''),
  json: (s) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  braces: (s) => [...s].map((c) => `\\u{${'0'.repeat(8)}${c.charCodeAt(0).toString(16)}}`).join(''),
  bold,
}

/** Whether any decoded level of `shown` (read NFKC, as IDNA maps math bold) holds the label's head past 'xn--horse'. */
const showsHead = (shown: string): boolean =>
  [shown, ...decodedLevels(shown).map((l) => l.text)].some((t) => t.normalize('NFKC').toLowerCase().includes('xn--horse'))

test('property: a cut anywhere in an escaped xn-- label (inside an escape, between surrogate halves) withholds it from its xn-- (r29yr R2b)', () => {
  const r = new Redactor()
  r.addPassword(PW)
  const kinds = Object.keys(LABEL_FORMS)
  fc.assert(
    fc.property(fc.constantFrom(...kinds), fc.constantFrom(...kinds), fc.nat(), fc.boolean(), (outer, inner, at, engine) => {
      // two layers, the inner one first (bold only as the inner one: it is no escape)
      const form = (outer === 'bold' ? LABEL_FORMS[inner]! : (s: string) => LABEL_FORMS[outer]!(LABEL_FORMS[inner]!(s)))(LABEL)
      // the engine's cut at RAW_EXCERPT, the label starting within the excerpt shown, where the form is long enough
      const body = `<p>${' '.repeat(at % 500)}<a href="http://${form}`.slice(0, RAW_EXCERPT)
      if (engine && body.length === RAW_EXCERPT) {
        const shown = shownBody(r, body)
        assert.ok(!showsHead(shown), `engine cut, ${outer}(${inner}), ${at % 500} spaces: ${shown.slice(-200)}`)
        return
      }
      const cut = 8 + (at % (form.length - 8))
      const shown = r.text(`<p>http://${form.slice(0, cut)}${CUT_MARK}</p>`)
      assert.ok(!showsHead(shown), `${outer}(${inner}) cut at ${cut}: ${shown.slice(-200)}`)
    }),
    { numRuns: propertyRuns(400) },
  )
})

test('the reviewed R2b cuts: after a bare `&`, after `%6`, and between the halves of a bold letter (r29yr R2b)', () => {
  const r = new Redactor()
  r.addPassword(PW)
  const decimal = LABEL_FORMS.decimal!(LABEL)
  const amp = decimal.indexOf('&', decimal.indexOf('&#45;&#52;') + 1)
  assert.ok(!showsHead(r.text(`<p>http://${decimal.slice(0, amp + 1)}${CUT_MARK}</p>`)))
  const percent = LABEL_FORMS.percent!(LABEL)
  assert.ok(!showsHead(r.text(`<p>http://${percent.slice(0, percent.indexOf('%6', 60) + 2)}${CUT_MARK}</p>`)))
  const b = bold(LABEL)
  let pairs = 0
  for (let k = 20; k < 200; k++) {
    if (b.charCodeAt(k - 1) < 0xd800 || b.charCodeAt(k - 1) > 0xdbff) continue
    pairs++
    assert.ok(!showsHead(r.text(`<p>http://${b.slice(0, k)}${CUT_MARK}</p>`)), `bold cut at ${k}`)
  }
  assert.ok(pairs > 50)
})
