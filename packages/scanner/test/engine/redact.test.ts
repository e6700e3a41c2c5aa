import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { Redactor, mask } from '../../src/http/redact.js'
import { canonical } from '../../src/http/secret-forms.js'

const token = 'f3a91c0de44b7a2e9d1c55f0a8b3e6d2'

test('a mask keeps a recognisable prefix and the length, never the token', () => {
  assert.equal(mask(token), 'f3a9…[32]')
  assert.equal(mask('12345'), '****…[5]')
})

test('passwords and known tokens are masked everywhere in an exchange, URL-encoded forms included', () => {
  const r = new Redactor()
  r.addPassword('s3cret "pass')
  r.addSecret(token)
  const out = r.exchange({
    actor: 'victim',
    request: {
      method: 'POST',
      url: `http://127.0.0.1/a?sid=${token}`,
      headers: { cookie: `sid=${token}; theme=dark`, authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' },
      body: `user=alice&password=${encodeURIComponent('s3cret "pass')}&pw2=s3cret "pass&${new URLSearchParams({ form: 's3cret "pass' }).toString()}&json=${JSON.stringify({ p: 's3cret "pass' })}`,
    },
    response: {
      status: 200,
      headers: { 'set-cookie': [`sid=${token}; Path=/; HttpOnly`], 'x-session-id': token },
      body: `<a href="/x;jsessionid=${token}">`,
    },
  })
  const text = JSON.stringify(out)
  assert.ok(!text.includes(token), text)
  assert.ok(!text.includes('s3cret'), text)
  assert.ok(!text.includes('abcdefghijklmnopqrstuvwxyz'), text)
  assert.match(text, /Path=\/; HttpOnly/, 'cookie attributes stay readable')
})

test('every cookie value in Cookie and Set-Cookie headers is masked even when the scan never learned it', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{9,64}$/), (value) => {
      const r = new Redactor()
      const h = r.headers({ cookie: `a=${value}`, 'set-cookie': [`b=${value}; Secure`] })
      assert.ok(!JSON.stringify(h).includes(value))
    }),
  )
})

// Issue 15 item 2: every form a target may reflect a secret in, written out independently of the decoder.
const PASSWORD = 'Pa ss/wörd+"<&>\'=1'
const TOKEN = 'Zm9vYmFyYmF6cXV4LTEyMzQ1Njc4OTA'

function encodings(s: string): Record<string, string> {
  const utf8 = Buffer.from(s, 'utf8')
  const pct = [...utf8].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')
  const b64 = (prefix: string): string => Buffer.from(prefix + s).toString('base64')
  return {
    raw: s,
    'percent, upper case': encodeURIComponent(s),
    'percent, lower case': encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    'percent, every byte lower case': pct,
    'form, + for space': new URLSearchParams({ p: s }).toString().slice(2),
    'HTML named': s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      .replace(/\//g, '&sol;')
      .replace(/\+/g, '&plus;')
      .replace(/=/g, '&equals;'),
    'HTML decimal': [...s].map((c) => `&#${c.codePointAt(0)};`).join(''),
    'HTML hex, upper X, no semicolons': [...s].map((c) => `&#X${c.codePointAt(0)!.toString(16).toUpperCase()}`).join(''),
    'JSON \\u': [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
    'JSON \\/': JSON.stringify(s).slice(1, -1).replace(/\//g, '\\/'),
    base64: Buffer.from(s).toString('base64'),
    base64url: Buffer.from(s).toString('base64url'),
    'base64 inside, offset 2': b64('u:').replace(/=+$/, ''),
    'base64 inside, offset 0': b64('us:'),
    'base64 inside, offset 1': b64('usr:'),
    'base64url inside, offset 1': Buffer.from(`{"u":"a","p":"${s}"}`).toString('base64url'),
  }
}

test('a password and a token are masked in every encoding a target may reflect them in', () => {
  const r = new Redactor()
  r.addPassword(PASSWORD)
  r.addSecret(TOKEN)
  for (const secret of [PASSWORD, TOKEN]) {
    for (const [name, form] of Object.entries(encodings(secret))) {
      const out = r.text(`<p>before ${form} after</p>`)
      assert.ok(!out.includes(form), `${name}: ${out}`)
      assert.match(out, /^<p>before .* after<\/p>$/, `${name}: text around it kept`)
      for (const [other, f] of Object.entries(encodings(secret)))
        if (f.length >= 8) assert.ok(!out.includes(f), `${name} left the ${other} form: ${out}`)
    }
  }
})

test('a secret reflected across the excerpt limit is masked before the body is cut', () => {
  const r = new Redactor()
  r.addPassword(PASSWORD)
  r.addSecret(TOKEN)
  for (const at of [590, 595, 599]) {
    const body = `${'x'.repeat(at)}${encodeURIComponent(PASSWORD)}|${Buffer.from(TOKEN).toString('base64')}${'y'.repeat(2000)}`
    const out = r.exchange({
      actor: 'victim',
      request: { method: 'GET', url: 'http://127.0.0.1/', headers: {} },
      response: { status: 200, headers: {}, body },
    })
    const shown = out.response!.body!
    assert.ok(shown.length <= 600)
    assert.ok(!shown.includes(encodeURIComponent(PASSWORD).slice(0, 8)), `at ${at}: ${shown.slice(at)}`)
    assert.ok(shown.slice(at).startsWith('*'), `at ${at}: ${shown.slice(at)}`)
  }
})

test('the whole report is redacted: title, summary, checks[].reason, provenBy, notes, keys', () => {
  const r = new Redactor()
  r.addPassword(PASSWORD)
  r.addSecret(TOKEN)
  const b64 = Buffer.from(PASSWORD).toString('base64')
  const report = {
    findings: [
      {
        title: `cookie ${TOKEN}`,
        summary: `reflects ${b64}`,
        evidence: [
          {
            actor: 'victim',
            request: { method: 'GET', url: `http://127.0.0.1/?p=${encodeURIComponent(PASSWORD)}`, headers: { [`x-${TOKEN}`]: 'v' } },
          },
        ],
      },
    ],
    checks: [{ id: 'SG-URL', status: 'passed', reason: `saw ${TOKEN.toLowerCase() === TOKEN ? '' : TOKEN}` }],
    session: { provenBy: `cookie t=${encodeURIComponent(TOKEN)} &#80;a ss` },
    notes: [`title: ${PASSWORD}`],
  }
  const text = JSON.stringify(r.report(report))
  for (const form of [TOKEN, b64, PASSWORD, encodeURIComponent(PASSWORD), JSON.stringify(PASSWORD).slice(1, -1)])
    assert.ok(!text.includes(form), `${form} in ${text}`)
})

test('text with nothing to decode is searched as it stands, with the same result as through the decoder', () => {
  // Redactor.text skips canonical() when no '%', '&', '\\' or space occurs; that is only right if the
  // decoder maps such text onto itself, position for position.
  const plain = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.:/=+;"<>#?!~\u00e9\u{1f600}'.split('')), maxLength: 80 })
  fc.assert(
    fc.property(plain, (s) => {
      const c = canonical(s)
      assert.equal(c.text, s)
      for (let i = 0; i < s.length; i++) assert.deepEqual([c.starts[i], c.ends[i]], [i, i + 1])
    }),
  )
  const r = new Redactor()
  r.addSecret(token)
  const b64 = Buffer.from(`sid=${token}`).toString('base64url')
  for (const s of [`plain:${token}:end`, `wrapped ${b64}`, `x${b64}y`, `${token}${token}`]) {
    const shown = r.text(s)
    assert.ok(!shown.includes(token) && !shown.includes(b64.slice(8, 30)), shown)
  }
})

test('a key named __proto__ in a report stays a key of the redacted report', () => {
  const r = new Redactor()
  r.addSecret(token)
  const input = JSON.parse(`{"notes":["${token}"],"headers":{"__proto__":{"polluted":"${token}"},"x":"1"}}`) as Record<string, unknown>
  const out = r.report(input)
  assert.equal(JSON.stringify(out).includes(token), false)
  assert.deepEqual(Object.keys(out.headers as object), ['__proto__', 'x'])
  assert.equal(({} as Record<string, unknown>).polluted, undefined)
  assert.equal((out.headers as Record<string, unknown>).polluted, undefined)
})

test('a header named __proto__ stays a header, and a secret holding a lone surrogate is masked without an error', () => {
  const r = new Redactor()
  r.addSecret(token)
  const headers = r.headers(JSON.parse(`{"__proto__":["${token}"],"x-a":"1"}`) as Record<string, string[]>)
  assert.deepEqual(Object.keys(headers), ['__proto__', 'x-a'])
  assert.ok(!JSON.stringify(headers).includes(token))
  const odd = 'pw\uD800secret'
  r.addPassword(odd)
  assert.equal(r.text(`before ${odd} after`), 'before ******** after')
})
