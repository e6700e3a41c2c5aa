// r23z HIGH-1, r24r F1: after typing, a body is shown only as the scanner writes the form it filled;
// every other body is withheld whole (its shape is the page's text as much as its values are).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type FilledForm, typedBody, WITHHELD_BODY } from '../../src/login/browser/typed-body.js'

const PW = 'pw-Hunter2-secret'
const FORM: FilledForm = {
  username: 'alice',
  userField: 'username',
  fields: [
    { name: 'username', submitter: false },
    { name: 'password', submitter: false },
    { name: 'commit', submitter: true },
  ],
}

test('the filled form, urlencoded: written by the scanner, the username canonical, other values masked', () => {
  assert.equal(typedBody(`username=al%69ce&password=${PW}`, 'application/x-www-form-urlencoded', FORM), 'username=alice&password=********')
  assert.equal(
    typedBody(`username=alice&password=${PW}&commit=Sign+in`, 'application/x-www-form-urlencoded', FORM),
    'username=alice&password=********&commit=********',
  )
})

test('the username is kept only in the field the scanner typed it in', () => {
  assert.equal(typedBody(`username=bob&password=alice`, 'application/x-www-form-urlencoded', FORM), 'username=********&password=********')
})

test('text/plain and multipart forms are written out by the scanner, its own boundary, no file name', () => {
  assert.equal(
    typedBody(`username=alice\r\npassword=${PW}\r\n`, 'text/plain;charset=UTF-8', FORM),
    'username=alice\r\npassword=********\r\n',
  )
  const b = `--${[...PW].reverse().join('')}`
  const body = `--${b}\r\nContent-Disposition: form-data; name="username"\r\n\r\nalice\r\n--${b}\r\nContent-Disposition: form-data; name="password"; filename="${PW}"\r\nContent-Type: text/plain\r\n\r\n${PW}\r\n--${b}--\r\n`
  const out = typedBody(body, `multipart/form-data; boundary=${b}`, FORM)
  assert.ok(!out.includes(b.slice(2, 10)), out)
  assert.equal(
    out,
    '--sessionguard-recorded-form\r\nContent-Disposition: form-data; name="username"\r\n\r\nalice\r\n--sessionguard-recorded-form\r\nContent-Disposition: form-data; name="password"\r\n\r\n********\r\n--sessionguard-recorded-form--\r\n',
  )
})

test('every body that is not the filled form is withheld whole, with nothing of its shape (r24r F1 channels)', () => {
  const bits = [...PW].flatMap((c) => [...c.charCodeAt(0).toString(2).padStart(8, '0')].map((x) => x === '1'))
  for (const [body, type] of [
    // names the page chose after typing, a cut piece under another name, a reversed copy added
    [`username=alice&note=${PW.slice(0, 9)}`, 'application/x-www-form-urlencoded'],
    [`username=alice&password=x&rev=${[...PW].reverse().join('')}`, 'application/x-www-form-urlencoded'],
    // booleans, nulls vs the username, array lengths, lines, repeated fields, escapes of the username
    [JSON.stringify({ b: bits }), 'application/json'],
    [JSON.stringify({ n: bits.map((x) => (x ? 'alice' : null)) }), 'application/json'],
    [JSON.stringify({ username: 'alice', password: true }), 'application/json'],
    [bits.map((x) => (x ? 'alice' : 'z')).join('\r\n'), 'text/plain'],
    [bits.map((x) => `k=${x ? 'alice' : 'x'}`).join('&'), 'application/x-www-form-urlencoded'],
    [`username=alice&password=x&password=y`, 'application/x-www-form-urlencoded'],
    // a value with a line break that turns its rest into a name
    [`username=alice\r\npassword=a\r\nHunter2=1\r\n`, 'text/plain'],
    // not a form at all, no type, does not parse
    [PW, 'application/octet-stream'],
    [PW, undefined],
    [`{"p":"${PW}"`, 'application/json'],
    [`username=alice&password=${PW}%E0%A4`, 'application/x-www-form-urlencoded'],
  ] as const) {
    assert.equal(typedBody(body, type, FORM), WITHHELD_BODY, body.slice(0, 60))
  }
})

test('without a form read before typing, every body is withheld', () => {
  assert.equal(typedBody(`username=alice&password=${PW}`, 'application/x-www-form-urlencoded', undefined), WITHHELD_BODY)
  assert.equal(typedBody(`username=alice&password=${PW}`, 'application/x-www-form-urlencoded', { ...FORM, fields: [] }), WITHHELD_BODY)
})
