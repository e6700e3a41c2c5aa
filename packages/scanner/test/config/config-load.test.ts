import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigError, allowEnvEntries, mergeConfig, parseConfigText, parseIgnoreText, resolveConfig } from '@sessionguard/scanner'

const yaml = `target: http://127.0.0.1:3000
login:
  url: /login
  credentials:
    username: alice
    password: \${SG_PW}
  check:
    url: /account
    statuz: 200
`

test('a wrong key is named with its line in the file', () => {
  const loaded = parseConfigText(yaml, 'sg.yml', { SG_PW: 'x' })
  assert.throws(
    () => resolveConfig(loaded.input, loaded),
    // the key's own line and column (line 8 is check's value, where the key used to be reported)
    (err: unknown) =>
      err instanceof ConfigError && /^sg\.yml:9:5: login\.check: unknown key "statuz" \(did you mean status\?\)$/.test(err.message),
  )
})

test('${VAR} and ${VAR:-default} come from the environment; a missing one names key and line', () => {
  const ok = parseConfigText('target: ${SG_T:-http://127.0.0.1:1}\n', 'a.yml', {})
  assert.equal(ok.input.target, 'http://127.0.0.1:1')
  assert.throws(
    () => parseConfigText(yaml, 'sg.yml', {}),
    /sg\.yml:6:5: login\.credentials\.password refers to the environment variable SG_PW/,
  )
})

test('a config file names a TOTP secret variable under the same rule: SG_* or allowed, refused with its line and never its value', () => {
  const env = { GITHUB_TOKEN: 'ghs_secret', APP_TOTP: 'JBSWY3DPEHPK3PXP', SG_TOTP: 'KRSXG5CTMVRXEZLU' }
  const file = (name: string) =>
    `target: http://127.0.0.1:1\nlogin:\n  url: /login\n  credentials:\n    username: alice\n    password: pw\n    totp_secret_env: ${name}\n`
  assert.throws(
    () => parseConfigText(file('GITHUB_TOKEN'), 'repo.yml', env),
    (err: unknown) =>
      err instanceof ConfigError &&
      /^repo\.yml:7:5: login\.credentials\.totp_secret_env refers to the environment variable GITHUB_TOKEN, which a config file may not read/.test(
        err.message,
      ) &&
      !err.message.includes('ghs_secret'),
  )
  const login = (l: ReturnType<typeof parseConfigText>) => (l.input.login as { credentials: Record<string, unknown> }).credentials
  assert.deepEqual(login(parseConfigText(file('SG_TOTP'), 'a.yml', env)), { username: 'alice', password: 'pw', totp_secret: env.SG_TOTP })
  assert.equal(login(parseConfigText(file('APP_TOTP'), 'a.yml', env, { allowEnv: ['APP_*'] })).totp_secret, env.APP_TOTP)
  assert.throws(() => parseConfigText(file('SG_NONE'), 'a.yml', env), /a\.yml:7:5: .*SG_NONE, which is not set/)
  // the second account of a two-account scan is held to it too
  assert.throws(
    () =>
      parseConfigText(
        `target: http://127.0.0.1:1\naccounts:\n  - { name: b, username: bob, password: pw, totp_secret_env: GITHUB_TOKEN }\n`,
        'b.yml',
        env,
      ),
    /accounts\.0\.totp_secret_env refers to the environment variable GITHUB_TOKEN/,
  )
})

test('a config reads only SG_* variables and those the operator allows; any other is refused with the variable, line and flag', () => {
  const env = { GITHUB_TOKEN: 'ghs_secret', AWS_SECRET_ACCESS_KEY: 'aws', APP_PW: 'app', SG_PW: 'sg' }
  const leaky = 'target: http://127.0.0.1:1\nrequest:\n  headers:\n    X-A: "${GITHUB_TOKEN}"\n'
  assert.throws(
    () => parseConfigText(leaky, 'repo.yml', env),
    (err: unknown) =>
      err instanceof ConfigError &&
      /^repo\.yml:4:5: request\.headers\.X-A refers to the environment variable GITHUB_TOKEN, which a config file may not read/.test(
        err.message,
      ) &&
      /--allow-env GITHUB_TOKEN/.test(err.message) &&
      !err.message.includes('ghs_secret'),
  )
  // a default does not make the read harmless: the variable is still read when it is set
  assert.throws(() => parseConfigText('target: "${AWS_SECRET_ACCESS_KEY:-x}"\n', 'a.yml', env), /AWS_SECRET_ACCESS_KEY/)
  assert.deepEqual(parseConfigText(leaky, 'repo.yml', env, { allowEnv: ['GITHUB_TOKEN'] }).input.request, {
    headers: { 'X-A': 'ghs_secret' },
  })
  const prefixed = parseConfigText('target: "${APP_PW}${SG_PW}"\n', 'a.yml', env, { allowEnv: allowEnvEntries(['APP_*']) })
  assert.equal(prefixed.input.target, 'appsg')
  assert.throws(() => parseConfigText('target: "${APPX}"\n', 'a.yml', env, { allowEnv: ['APP'] }), /APPX/)
  assert.throws(() => allowEnvEntries(['*']), /--allow-env "\*": expected an environment variable name/)
  assert.throws(() => allowEnvEntries(['A B']), ConfigError)
  assert.deepEqual(allowEnvEntries(['A,B_*', ' C ']), ['A', 'B_*', 'C'])
  // the ignore file goes through the same loader
  assert.throws(() => parseIgnoreText('- { check: SG-LOGOUT, reason: "${HOME}" }\n', 'i.yml', { HOME: '/root' }), /HOME/)
})

test('durations accept ms and unit strings; defaults are filled', () => {
  const c = resolveConfig({ target: 'http://127.0.0.1:1', scope: { timeout: '1.5s', budget: 2000 } })
  assert.equal(c.scope.timeout, 1500)
  assert.equal(c.scope.budget, 2000)
  assert.equal(c.session, 'auto')
  assert.equal(c.tokens.samples, 0)
})

test('flags override the file key by key, arrays are replaced', () => {
  const merged = mergeConfig(
    { target: 'http://127.0.0.1:1', login: { url: '/a', check: { url: '/c' } }, objects: ['/x'] },
    { login: { url: '/b' }, objects: ['/y'] },
  )
  assert.deepEqual(merged, { target: 'http://127.0.0.1:1', login: { url: '/b', check: { url: '/c' } }, objects: ['/y'] })
})

test('a config file naming scope.__proto__, constructor or toString is refused as an unknown key, not as an operator-only setting with a garbled flag', () => {
  for (const key of ['__proto__', 'constructor', 'toString']) {
    const text = `target: http://127.0.0.1:3000\nscope:\n  ${key}: {proxy: http://127.0.0.1:8080}\n`
    const loaded = parseConfigText(text, 'c.yml')
    assert.throws(
      () => resolveConfig(loaded.input, { positionOf: loaded.positionOf, source: 'c.yml' }),
      (e: unknown) => e instanceof ConfigError && e.message === `c.yml:3:3: scope: unknown key "${key}"`,
      key,
    )
  }
  // the operator-only keys themselves are still refused while parsing, naming their flag
  assert.throws(
    () => parseConfigText('target: http://127.0.0.1:3000\nscope:\n  proxy: http://127.0.0.1:8080\n', 'c.yml'),
    /scope\.proxy cannot come from a config file.*--proxy URL/,
  )
})
