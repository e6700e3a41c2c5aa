import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { test } from 'node:test'
import { totpFrom, TotpCodes } from '../../src/login/mfa/totp.js'
import { assertCodeUrlAllowed, codesIn, PatternTimeout, UrlCodes } from '../../src/login/mfa/code-url.js'
import { secondFactorFor, totpSecretOf } from '../../src/login/mfa/factor.js'
import { secondFactorPrompt, codeForm } from '../../src/login/mfa/code-form.js'
import { readPage } from '../../src/login/html.js'
import { resolveConfig } from '../../src/config/load.js'
import type { Clock } from '../../src/login/mfa/clock.js'

// RFC 6238 appendix B: the test secrets are the ASCII strings below, as base32.
const b32 = (ascii: string): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  let out = ''
  for (const b of Buffer.from(ascii)) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31]
  return out
}
const SHA1 = b32('12345678901234567890')
const SHA256 = b32('12345678901234567890123456789012')
const SHA512 = b32('1234567890123456789012345678901234567890123456789012345678901234')

class TestClock implements Clock {
  slept: number[] = []
  constructor(public ms: number) {}
  now = (): number => this.ms
  sleep = (ms: number): Promise<void> => {
    this.slept.push(ms)
    this.ms += ms
    return Promise.resolve()
  }
}

test('TOTP codes match the RFC 6238 test vectors for SHA-1, SHA-256 and SHA-512 (8 digits)', () => {
  const vectors: Array<[number, string, string, string]> = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1234567890, '89005924', '91819424', '93441116'],
    [20000000000, '65353130', '77737706', '47863826'],
  ]
  for (const [t, sha1, sha256, sha512] of vectors) {
    assert.equal(totpFrom(SHA1, { digits: 8, algorithm: 'SHA1' }, 'x').generate({ timestamp: t * 1000 }), sha1)
    assert.equal(totpFrom(SHA256, { digits: 8, algorithm: 'SHA256' }, 'x').generate({ timestamp: t * 1000 }), sha256)
    assert.equal(totpFrom(SHA512, { digits: 8, algorithm: 'SHA512' }, 'x').generate({ timestamp: t * 1000 }), sha512)
  }
})

test('a secret is read as authenticator apps show it (groups, lower case, padding) or as an otpauth:// URI with its own parameters', () => {
  const grouped = SHA1.toLowerCase().replace(/(.{4})/g, '$1 ') + '===='
  assert.equal(totpFrom(grouped, { digits: 8 }, 'x').generate({ timestamp: 59_000 }), '94287082')
  const uri = `otpauth://totp/Example:alice?secret=${SHA256}&algorithm=SHA256&digits=8&period=30`
  assert.equal(totpFrom(uri, {}, 'x').generate({ timestamp: 59_000 }), '46119246')
})

test('a secret that is neither base32 nor a TOTP URI is refused without quoting it', () => {
  for (const bad of ['not a secret!', 'abc', 'otpauth://hotp/x?secret=GEZDGNBV&counter=1']) {
    assert.throws(
      () => totpFrom(bad, {}, 'login.credentials.totp_secret'),
      (err: Error & { code?: string }) =>
        err.code === 'SG_CONFIG' && !err.message.includes(bad) && /login\.credentials\.totp_secret/.test(err.message),
    )
  }
})

test('a code of a step an earlier login used is retried only after waiting for the next step', async () => {
  const clock = new TestClock(1_000_000_000_000) // 1e9 s is 10 s into a 30 s step
  const codes = new TotpCodes(totpFrom(SHA1, {}, 'x'), clock)
  const first = codes.next()
  assert.equal(first.reused, false)
  const second = codes.next()
  assert.equal(second.reused, true, 'the same step again')
  const fresh = await codes.after(second)
  assert.deepEqual(clock.slept, [20_000], 'waited exactly to the start of the next step')
  assert.equal(fresh.step, second.step + 1)
  assert.notEqual(fresh.code, second.code)
})

test('a TOTP factor hands every code to the redactor, and a code refused on its first use is not retried', async () => {
  const seen: string[] = []
  const clock = new TestClock(1_000_000_010_000)
  const factor = secondFactorFor({ username: 'alice', totp_secret: SHA1 }, 'login.credentials', {
    mfa: { type: 'totp', method: 'POST', extra: {}, wait: 1000 },
    clock,
    signal: new AbortController().signal,
    env: {},
    envAccess: {},
    targetOrigin: 'http://127.0.0.1:1',
    codeOrigins: [],
    timeoutMs: 1000,
    onCode: (c) => seen.push(c),
  })
  const code = await factor.code()
  assert.ok(seen.includes(code.code) && seen.includes(SHA1), 'the code and the secret are secrets of the scan')
  assert.equal(await factor.retry(code), undefined, 'refused on first use: a wrong secret or clock, not a reuse')
  const again = await factor.code()
  const retried = await factor.retry(again)
  assert.ok(retried && retried.step === again.step! + 1)
})

test('totp_secret_env names SG_ variables and those the operator allowed; any other is refused without its value', () => {
  const env = { SG_TOTP: SHA1, GITHUB_TOKEN: 'ghp_secret', APP_TOTP: SHA1 }
  assert.equal(totpSecretOf({ username: 'a', totp_secret_env: 'SG_TOTP' }, env, 'login.credentials'), SHA1)
  assert.throws(
    () => totpSecretOf({ username: 'a', totp_secret_env: 'GITHUB_TOKEN' }, env, 'login.credentials'),
    (err: Error) =>
      /GITHUB_TOKEN, which a config file may not read/.test(err.message) &&
      /--allow-env GITHUB_TOKEN/.test(err.message) &&
      /--totp-secret-env GITHUB_TOKEN/.test(err.message) &&
      !err.message.includes('ghp_secret'),
  )
  assert.equal(totpSecretOf({ username: 'a', totp_secret_env: 'APP_TOTP' }, env, 'x', { allowEnv: ['APP_*'] }), SHA1)
  assert.throws(() => totpSecretOf({ username: 'a', totp_secret_env: 'APP_TOTP' }, env, 'x', { allowEnv: ['APP_OTHER'] }), /may not read/)
  assert.throws(() => totpSecretOf({ username: 'a', totp_secret_env: 'SG_MISSING' }, env, 'x'), /SG_MISSING is not set/)
})

test('codes are fetched only from the target or an origin the operator named, never another port of this machine on a config alone', () => {
  assertCodeUrlAllowed('http://127.0.0.1:3000/test-inbox', 'http://127.0.0.1:3000', [])
  assertCodeUrlAllowed('http://127.0.0.1:8025/api', 'http://127.0.0.1:3000', ['http://127.0.0.1:8025'])
  assertCodeUrlAllowed('https://mail.example.com/api', 'http://app.test', ['https://mail.example.com'])
  for (const url of [
    'http://127.0.0.1:8025/api',
    'http://localhost:3000/api',
    'http://[::1]:3000/api',
    'http://127.0.0.1:2375/containers/json',
    'http://metadata.invalid/latest/meta-data',
    'http://mail.example.com/api',
    'http://127.0.0.1.nip.io/api',
  ])
    assert.throws(
      () => assertCodeUrlAllowed(url, 'http://127.0.0.1:3000', []),
      /is not the target's origin; .*only when the operator names it: --mfa-code-url/,
      url,
    )
})

test('a code read from a URL is the first one it did not show before, never redirected to, and only what looks like a code', async () => {
  let body = '{"text":"Your code is 111111"}'
  let status = 200
  const server = createServer((_req, res) => {
    res.writeHead(status, status === 302 ? { location: 'http://127.0.0.1:1/elsewhere' } : { 'content-type': 'application/json' })
    res.end(body)
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/latest?to={username}`
  const clock = new TestClock(0)
  try {
    const codes = new UrlCodes(
      { url, pattern: 'code is (\\w+)', waitMs: 2000, timeoutMs: 2000 },
      'alice',
      clock,
      new AbortController().signal,
    )
    await codes.before()
    assert.equal(await codes.code(), undefined, 'the old code is not taken for a new one')
    body = '{"text":"Your code is 222222"}'
    await codes.before()
    body = '{"text":"Your code is 333333"}'
    assert.deepEqual(await codes.code(), { code: '333333' })
    await codes.before()
    body = `{"text":"Your code is ${'x'.repeat(40)}"}`
    const long = await codes.code()
    assert.ok(long && 'refused' in long && !long.refused.includes('xxxx'), 'a long match is no code and is not quoted')
    await codes.before()
    status = 302
    body = '{"text":"Your code is 444444"}'
    assert.equal(await codes.code(), undefined, 'a redirect is not a code')
  } finally {
    server.close()
  }
})

test('a pattern that backtracks without end on the answer is refused, and the scan goes on', { timeout: 60_000 }, async () => {
  // a 40-letter answer under (a+)+b would take longer than the universe on one synchronous match
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' })
    res.end('a'.repeat(40))
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/latest`
  try {
    const codes = new UrlCodes(
      { url, pattern: '(a+)+b', waitMs: 2000, timeoutMs: 2000 },
      'alice',
      new TestClock(0),
      new AbortController().signal,
    )
    await codes.before()
    const got = await codes.code()
    assert.ok(got && 'refused' in got, 'no code, a refusal')
    assert.match(got.refused, /login\.mfa\.pattern did not finish/)
    assert.ok(!got.refused.includes('aaaa'), 'the answer is not quoted')
    // a sane pattern still reads codes afterwards: the shared sandbox is left clean
    assert.deepEqual(codesIn('code 123456 and code 654321', 'code (\\d+)'), ['123456', '654321'])
    assert.throws(() => codesIn('a'.repeat(40), '(a+)+b', 50), PatternTimeout)
  } finally {
    server.close()
  }
})

test('a second-factor prompt is told from a login form and from other pages', () => {
  const code =
    '<form method="post" action="/2fa"><input type="hidden" name="csrf" value="x"><input name="otp_token"><button>Verify</button></form>'
  const login = '<form method="post"><input name="username"><input type="password" name="password"></form>'
  const search = '<form method="get" action="/search"><input name="q"></form>'
  const res = (body: string, ctype = 'text/html') => ({
    status: 200,
    headers: { 'content-type': ctype },
    body,
    truncated: false,
    url: 'http://x/2fa',
    setCookies: [],
    exchanges: [],
  })
  assert.equal(secondFactorPrompt(res(code)), '/2fa')
  assert.equal(secondFactorPrompt(res(login)), undefined)
  assert.equal(secondFactorPrompt(res(search)), undefined)
  assert.equal(secondFactorPrompt(res('{"mfa_required":true}', 'application/json')), '/2fa')
  assert.equal(codeForm(readPage(code))?.input.name, 'otp_token')
})

test('login.mfa and stepup are validated with the key that is wrong', () => {
  const base = {
    target: 'http://127.0.0.1:1',
    login: { url: '/login', credentials: { username: 'a', password: 'b' }, check: { url: '/a' } },
  }
  assert.throws(() => resolveConfig({ ...base, login: { ...base.login, mfa: { type: 'url' } } }), /login\.mfa\.code_url/)
  assert.throws(
    () => resolveConfig({ ...base, login: { ...base.login, mfa: { code_url: 'http://127.0.0.1:1/x', pattern: '(' } } }),
    /login\.mfa\.pattern/,
  )
  assert.throws(
    () => resolveConfig({ ...base, login: { ...base.login, mfa: { code_url: 'ftp://x/y', pattern: 'x' } } }),
    /login\.mfa\.code_url/,
  )
  assert.throws(() => resolveConfig({ ...base, stepup: { check: { url: '/s' } } }), /stepup\.url/)
  const ok = resolveConfig({ ...base, login: { ...base.login, mfa: { code_url: 'http://127.0.0.1:1/x', pattern: '(\\d+)' } } })
  assert.equal(ok.login!.mfa!.type, 'url')
  assert.equal(resolveConfig({ ...base, login: { ...base.login, mfa: {} } }).login!.mfa!.type, 'totp')
})
