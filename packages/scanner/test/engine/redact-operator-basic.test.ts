// Review r27yr F2 and Q3 (issue #23). F2: an operator's Basic password of 1–5 characters (the `-u KEY:X`
// API convention) was searched inside every string of the report and every object key: `text` became
// `te********t` and the renderers, reading the report's schema, crashed. A short one is now masked
// where a whole value is it, and no secret ever renames a key of the report's own schema. Q3: the
// Basic username alone (an API key sent as one) was never learned, so a target reflecting it showed it.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Redactor } from '../../src/http/redact.js'

const KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'
const basic = (pair: string): string => `Basic ${Buffer.from(pair).toString('base64')}`
const REPORT = {
  remediation: { framework: 'express', text: 'Set the Secure attribute', snippet: 'res.cookie("sid", id, { secure: true })' },
  next: 'example /admin administrator, about a cab',
}

for (const pw of ['X', 'x', 'ab', 'admin'])
  test(`a ${pw.length}-character operator Basic password renames no key and masks no word holding it (r27yr F2)`, () => {
    const r = new Redactor()
    assert.equal(r.addSecretHeader('Authorization', basic(`${KEY}:${pw}`), true), true, 'it still starts the after-password rule')
    assert.deepEqual(r.report(REPORT), REPORT)
  })

test('a short operator Basic password is masked where a whole value is it: a header, a parameter, a userinfo', () => {
  const r = new Redactor()
  r.addSecretHeader('Authorization', basic(`${KEY}:X7`), true)
  const out = r.exchange({
    actor: 'scanner',
    request: { method: 'POST', url: 'http://k:X7@127.0.0.1:1/a?pw=X7&q=X77', headers: { 'x-echo': 'X7' }, body: 'user=a&pass=X7' },
    response: { status: 200, headers: { 'x-pw': 'X7', 'x-other': 'X77' }, body: 'X7' },
  })
  assert.equal(out.request.url, 'http://k:********@127.0.0.1:1/a?pw=********&q=X77')
  assert.equal(out.request.body, 'user=a&pass=********')
  assert.equal(out.request.headers['x-echo'], '********')
  assert.deepEqual(out.response!.headers, { 'x-pw': '********', 'x-other': 'X77' })
})

test('a short operator password is masked where a whole value is it in every string of the report, not only in exchanges (r29yr W1)', () => {
  const r = new Redactor()
  r.addSecretHeader('Authorization', basic(`${KEY}:q7Z3w`), true)
  const url = 'http://bob:q7Z3w@127.0.0.1:1/account?pw=q7Z3w'
  const shown = 'http://bob:********@127.0.0.1:1/account?pw=********'
  assert.equal(r.text(`request to ${url} failed`), `request to ${shown} failed`)
  assert.deepEqual(r.report({ findings: [{ summary: `GET ${url} answered 200`, url, note: url }] }), {
    findings: [{ summary: `GET ${shown} answered 200`, url: shown, note: shown }],
  })
  assert.deepEqual(r.progress({ kind: 'warning', message: `no session found on ${url}` }), {
    kind: 'warning',
    message: `no session found on ${shown}`,
  })
  // still searched nowhere else: a word holding it stays
  assert.equal(r.text('<p>q7Z3wx and q7Z3w</p>'), '<p>q7Z3wx and q7Z3w</p>')
})

test('no secret renames a key of the report, however long; a header the target named is still masked (r27yr F2)', () => {
  const r = new Redactor()
  r.addPassword('remediation')
  const out = r.report({
    remediation: { text: 'see remediation' },
    findings: [{ evidence: [{ actor: 'scanner', request: { method: 'GET', url: 'http://127.0.0.1:1/', headers: { remediation: 'v' } } }] }],
  })
  assert.deepEqual(out, {
    remediation: { text: 'see ********' },
    findings: [{ evidence: [{ actor: 'scanner', request: { method: 'GET', url: 'http://127.0.0.1:1/', headers: { '********': 'v' } } }] }],
  })
})

for (const pw of ['X', 'Pw7xq2Lm9', ''])
  test(`the Basic username alone is a secret from 6 characters: \`KEY:${pw}\` reflected as the key or its base64 (r27yr Q3)`, () => {
    const r = new Redactor()
    r.addSecretHeader('Authorization', basic(`${KEY}:${pw}`), true)
    assert.equal(r.text(`<p>${KEY}</p>`), '<p>sk_l…[32]</p>')
    assert.ok(!r.text(`<p>${Buffer.from(KEY).toString('base64')}</p>`).includes(Buffer.from(KEY).toString('base64').slice(0, 40)))
  })

test('a Basic username under 6 characters stays readable (alice, admin): a named limit', () => {
  const r = new Redactor()
  r.addSecretHeader('Authorization', basic('alice:Pw7xq2Lm9'), true)
  assert.equal(r.text('<p>Welcome, alice</p>'), '<p>Welcome, alice</p>')
  assert.equal(r.text('<p>Pw7xq2Lm9</p>'), '<p>********</p>')
})
