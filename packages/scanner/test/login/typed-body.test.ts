// r23z HIGH-1: what the browser sends after typing the password keeps its shape and the username only.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { typedBody } from '../../src/login/browser/typed-body.js'

const PW = 'pw-Hunter2-secret'

test('an urlencoded body keeps its names and the username (as encoded), every other value masked', () => {
  assert.equal(
    typedBody(`username=al%69ce&note=${PW.slice(0, 9)}&rev=x+y&flag`, 'application/x-www-form-urlencoded', 'alice'),
    'username=al%69ce&note=********&rev=********&********',
  )
})

test('a text/plain form keeps its names and the username, every other value masked', () => {
  assert.equal(
    typedBody(`username=alice\r\npassword=${PW}\r\n`, 'text/plain;charset=UTF-8', 'alice'),
    'username=alice\r\npassword=********\r\n',
  )
})

test('a multipart body keeps field names and the username; values and file names are masked', () => {
  const b = '----x1'
  const body = `--${b}\r\nContent-Disposition: form-data; name="username"\r\n\r\nalice\r\n--${b}\r\nContent-Disposition: form-data; name="f"; filename="${PW}"\r\nContent-Type: text/plain\r\n\r\n${PW}\r\n--${b}--\r\n`
  const out = typedBody(body, `multipart/form-data; boundary=${b}`, 'alice')
  assert.ok(!out.includes(PW), out)
  assert.equal(
    out,
    `--${b}\r\nContent-Disposition: form-data; name="username"\r\n\r\nalice\r\n--${b}\r\nContent-Disposition: form-data; name="f"\r\n\r\n********\r\n--${b}--\r\n`,
  )
})

test('a JSON body keeps keys, booleans and the username; strings and numbers are masked', () => {
  assert.equal(
    typedBody(JSON.stringify({ user: 'alice', p: [PW, 42], ok: true, n: null }), 'application/json', 'alice'),
    '{"user":"alice","p":["********","********"],"ok":true,"n":null}',
  )
})

test('a body of another type, without a type, or that does not parse is withheld whole with the reason', () => {
  for (const [body, type, why] of [
    [PW, 'application/octet-stream', /type "application\/octet-stream" is not a form or JSON/],
    [PW, undefined, /said no content type/],
    [`{"p":"${PW}"`, 'application/json', /did not parse as application\/json/],
    [`p=${PW}%E0%A4`, 'application/x-www-form-urlencoded', /did not parse/],
    [`--b\r\nname="p"\r\n\r\n${PW}`, 'multipart/form-data; boundary=b', /did not parse/],
  ] as const) {
    const out = typedBody(body, type, 'alice')
    assert.match(out, /^\[body withheld: sent after the browser typed the password; /)
    assert.match(out, why)
    assert.ok(!out.includes(PW.slice(0, 6)), out)
  }
})
