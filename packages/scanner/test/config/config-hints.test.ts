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
      () => resolveConfig(loaded.input, loaded),
      /^sg\.yml:4:31: login\.credentials: unknown key "pasword" \(did you mean password\?\)$/,
    )
    // the list form of credentials reports its entries the same way
    fails(
      () =>
        resolveConfig({
          target: 'http://127.0.0.1:1',
          login: { url: '/l', check: { url: '/a' }, credentials: [{ username: 'a', password: 'b', nmae: 'x' }] },
        }),
      /login\.credentials\[0\]: unknown key "nmae" \(did you mean name\?\)/,
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
      /sg\.yml:3:42: invalid YAML: .*hint: inside \{ \} or \[ \], quote a \$\{VAR\} value: "\$\{SG_PW\}"/,
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

describe('config errors that point at the line and speak in flags', () => {
  const load = (text: string) => parseConfigText(text, 'typo.yml', env)
  const message = (fn: () => unknown): string => {
    try {
      fn()
    } catch (err) {
      assert.ok(err instanceof ConfigError)
      assert.doesNotMatch(err.message, /Invalid input|received undefined|Unrecognized key|Too small/, 'no validator wording')
      return err.message
    }
    assert.fail('no error')
  }

  it('an unknown top-level key is named at its own line and column, with the nearest key', () => {
    const loaded = load(
      'target: http://127.0.0.1:1\nlogin:\n  url: /login\n  credentials: { username: a, password: b }\n  check: { url: /a }\n\ntokens: { samples: 10 }\n\nfail_onn: high\n',
    )
    assert.equal(
      message(() => resolveConfig(loaded.input, loaded)),
      'typo.yml:9:1: unknown key "fail_onn" (did you mean fail_on?)',
    )
  })

  it("a nested unknown key is named at its line, not its parent's, and a missing key it misspells is not reported twice", () => {
    const loaded = load(
      'target: http://127.0.0.1:1\nlogin:\n  credentials: { username: a, password: b }\n  urll: /login\n  check: { url: /a }\n',
    )
    assert.equal(
      message(() => resolveConfig(loaded.input, loaded)),
      'typo.yml:4:3: login: unknown key "urll" (did you mean url?)',
    )
  })

  it("several problems are listed in the order of the file, each with its position, in the config's words", () => {
    const loaded = load(
      'target: http://127.0.0.1:1\nfail_on: hgh\nscope:\n  rate: fast\nlogin:\n  url: /login\n  credentials: { username: a, password: b }\n  check: /account\n',
    )
    assert.equal(
      message(() => resolveConfig(loaded.input, loaded)),
      'typo.yml:2:1: fail_on: expected one of critical, high, medium, low, info, none, got "hgh" (did you mean high?); ' +
        'typo.yml:4:3: scope.rate: expected a number, got "fast"; ' +
        'typo.yml:8:3: login.check: expected a mapping with url, contains, status, got "/account"',
    )
  })

  it('a missing key points at the mapping that lacks it and says how to add it', () => {
    const loaded = load('target: http://127.0.0.1:1\nlogin:\n  credentials: { username: a, password: b }\n  check: { url: /a }\n')
    assert.equal(
      message(() => resolveConfig(loaded.input, loaded)),
      'typo.yml:2:1: login.url is missing (add url: under login:)',
    )
  })

  it('a value from a flag is blamed on the flag, a key a flag can set names it, and a password is never quoted', () => {
    const flags = {
      values: { login: { check: { url: '/a' } }, scope: { timeout: 'zz' } },
      names: { 'login.url': '--login-url', 'login.check.url': '--check-url', 'scope.timeout': '--timeout' },
    }
    const loaded = load('target: http://127.0.0.1:1\nlogin:\n  credentials: { username: a, password: 123456789 }\n')
    const text = message(() =>
      resolveConfig(
        { ...loaded.input, login: { ...(loaded.input.login as object), check: { url: '/a' } }, scope: { timeout: 'zz' } },
        { ...loaded, flags },
      ),
    )
    assert.match(text, /typo\.yml:2:1: login\.url is missing \(add url: under login:, or pass --login-url\)/)
    assert.match(text, /typo\.yml:3:31: login\.credentials\.password: expected text, got a number \(quote it to make it text\)/)
    assert.match(text, /--timeout: not a duration: "zz"/)
    assert.doesNotMatch(text, /123456789/)
    // without a file, only the flag
    assert.equal(
      message(() =>
        resolveConfig(
          { target: 'http://127.0.0.1:1', login: { credentials: { username: 'a', password: 'b' }, check: { url: '/a' } } },
          { flags },
        ),
      ),
      'login.url is missing (pass --login-url)',
    )
  })
})
