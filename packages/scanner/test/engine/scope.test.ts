import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigError, OutOfScopeError } from '@sessionguard/scanner'
import { Scope } from '../../src/http/scope.js'

test('paths and same-origin URLs resolve inside the target', () => {
  const scope = new Scope('http://127.0.0.1:3000/app/')
  assert.equal(scope.resolve('/login').href, 'http://127.0.0.1:3000/login')
  assert.equal(scope.resolve('account').href, 'http://127.0.0.1:3000/app/account')
  assert.equal(scope.resolve('http://127.0.0.1:3000/x?y=1').href, 'http://127.0.0.1:3000/x?y=1')
})

test('another port, scheme or host is another origin and is refused before anything is sent', () => {
  const scope = new Scope('http://127.0.0.1:3000')
  for (const other of ['http://127.0.0.1:3001/', 'https://127.0.0.1:3000/', 'http://localhost:3000/', '//127.0.0.2:3000/x']) {
    assert.throws(() => scope.resolve(other), OutOfScopeError, other)
    assert.equal(scope.inScope(other), false, other)
  }
})

test('a target that is not an http(s) URL, or carries credentials, is a configuration error', () => {
  for (const bad of ['127.0.0.1:3000', 'ftp://127.0.0.1/', 'http//127.0.0.1', 'http://user:pw@127.0.0.1/']) {
    assert.throws(() => new Scope(bad), ConfigError, bad)
  }
})

test('a mistyped scheme that URL parsing would repair (https:/host, https:\\\\host) is refused with the repaired form suggested', () => {
  for (const bad of [
    'https:/scanme.invalid',
    'http:127.0.0.1:3000',
    'https:\\\\scanme.invalid',
    'HTTPS:/scanme.invalid/x',
    'https:/\\scanme.invalid',
  ]) {
    assert.throws(
      () => new Scope(bad),
      (e: unknown) => e instanceof ConfigError && /not a well-formed URL/.test(e.message) && /did you mean https?:\/\//i.test(e.message),
      bad,
    )
  }
  assert.equal(new Scope('HTTP://127.0.0.1:1/').origin, 'http://127.0.0.1:1')
})

test('a target the URL parser would silently change is refused: extra slashes, a line break or tab inside it, a backslash', () => {
  for (const bad of [
    'https:///scanme.invalid',
    'https:////scanme.invalid',
    'https://\\scanme.invalid',
    'http://127.0.0.1\n.evil.invalid/',
    'http://good.invalid\t.evil.invalid/',
    'http://good.invalid\r\n.evil.invalid/',
    'http://good.invalid\\@evil.invalid/',
  ]) {
    assert.throws(
      () => new Scope(bad),
      (e: unknown) => e instanceof ConfigError && /not a well-formed URL/.test(e.message),
      JSON.stringify(bad),
    )
  }
  for (const ok of ['  http://127.0.0.1:1/ ', '\thttp://127.0.0.1:1/\n', 'HtTpS://[::1]:8443/', '\x01http://127.0.0.1:1']) {
    assert.equal(new Scope(ok).base.hostname.replace(/^\[|\]$/g, '') !== '', true, JSON.stringify(ok))
  }
})
