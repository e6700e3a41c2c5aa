import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseConfigText, resolveConfig } from '../../src/config/load.js'
import { ConfigError } from '../../src/errors.js'
import { Scope } from '../../src/http/scope.js'

const env = { SG_PW: 'pw' }
const fails = (fn: () => unknown, re: RegExp): void => {
  assert.throws(fn, (e: unknown) => e instanceof ConfigError && e.exitCode === 2 && re.test(e.message) && !e.message.includes('\n'))
}

describe('config errors that say what to do', () => {
  it('a misspelt key inside credentials is an unknown key (with the key it resembles), like anywhere else', () => {
    const text = 'target: http://127.0.0.1:1\nlogin:\n  url: /login\n  credentials: { username: a, pasword: b }\n  check: { url: /a }\n'
    const loaded = parseConfigText(text, 'sg.yml', env)
    fails(
      () => resolveConfig(loaded.input, { lineOf: loaded.lineOf, source: loaded.source }),
      /sg\.yml:4: login\.credentials: unknown key "pasword" \(did you mean password\?\)/,
    )
    // the list form of credentials reports its entries the same way
    fails(
      () =>
        resolveConfig({
          target: 'http://127.0.0.1:1',
          login: { url: '/l', check: { url: '/a' }, credentials: [{ username: 'a', password: 'b', nmae: 'x' }] },
        }),
      /login\.credentials\.0: unknown key "nmae"/,
    )
    assert.doesNotThrow(() =>
      resolveConfig({
        target: 'http://127.0.0.1:1',
        login: { url: '/l', check: { url: '/a' }, credentials: [{ username: 'a', password: 'b' }] },
      }),
    )
  })

  it('an unquoted ${VAR} inside a YAML flow map gets a hint to quote it', () => {
    fails(
      () => parseConfigText('target: http://127.0.0.1:1\nlogin:\n  credentials: { username: a, password: ${SG_PW} }\n', 'sg.yml', env),
      /sg\.yml:3: invalid YAML: .*hint: inside \{ \} or \[ \], quote a \$\{VAR\} value: "\$\{SG_PW\}"/,
    )
    // quoted, it parses and interpolates
    assert.equal(
      (
        parseConfigText('login:\n  credentials: { username: a, password: "${SG_PW}" }\n', 'sg.yml', env).input.login as {
          credentials: { password: string }
        }
      ).credentials.password,
      'pw',
    )
    // other YAML errors get no such hint
    assert.throws(
      () => parseConfigText('a: [oops\n', 'sg.yml', env),
      (e: unknown) => e instanceof ConfigError && !/hint/.test(e.message),
    )
  })

  it('a target without a scheme suggests the http:// form', () => {
    fails(() => new Scope('127.0.0.1:3000'), /did you mean http:\/\/127\.0\.0\.1:3000 \?/)
    fails(() => new Scope('localhost:3000'), /got localhost: \(did you mean http:\/\/localhost:3000 \?\)/)
    fails(() => new Scope('http//127.0.0.1'), /did you mean http:\/\/127\.0\.0\.1 \?/)
    fails(() => new Scope('ftp://127.0.0.1'), /^target must be an http:\/\/ or https:\/\/ URL, got ftp:$/)
  })
})
