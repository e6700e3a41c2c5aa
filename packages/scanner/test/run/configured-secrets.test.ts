// Review r25y L10 (issue #23): a credential in a URL the operator names other than the target (a check,
// login or logout URL, a pre-login page, an MFA code URL) was learned only from the requests that carried
// it, as an id the target handed out, so r24y H1's eviction (ids of three other scripts) took its reading
// away. Every credential-named parameter of every URL in the config is the operator's.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Redactor } from '../../src/http/redact.js'
import { resolveConfig } from '../../src/config/load.js'
import { learnConfiguredSecrets } from '../../src/run/configured-secrets.js'

const KEY = 'Kq7vN2pLx9Wc4Tz'
const EVICTION = [
  'жзийклмнопрстуф1',
  'жзийклмнопрстуф2',
  'աբգդեզէըթժիլխծկհ1',
  'աբգդեզէըթժիլխծկհ2',
  'აბგდევზთიკლმნოპჟ1',
  'აბგდევზთიკლმნოპჟ2',
]

const login = (over: Record<string, unknown>): Record<string, unknown> => ({
  url: '/login',
  credentials: { username: 'alice', password: 'Καλημέρα2024κόσμε' },
  check: { url: '/account', contains: 'Welcome' },
  ...over,
})

const CONFIGS: Array<[string, Record<string, unknown>]> = [
  ['the target', { target: `http://127.0.0.1:1/?token=${KEY}`, login: login({}) }],
  ['the check URL', { target: 'http://127.0.0.1:1/', login: login({ check: { url: `/account?api_key=${KEY}`, contains: 'Welcome' } }) }],
  ['the login URL', { target: 'http://127.0.0.1:1/', login: login({ url: `/login?token=${KEY}` }) }],
  ['the login page', { target: 'http://127.0.0.1:1/', login: login({ page: `/signin;jsessionid=${KEY}` }) }],
  ['a pre-login page', { target: 'http://127.0.0.1:1/', login: login({ pre: [`/cart#access_token=${KEY}`] }) }],
  ['the logout URL', { target: 'http://127.0.0.1:1/', login: login({}), logout: { url: `/logout?sig=${KEY}` } }],
]

for (const [where, input] of CONFIGS)
  test(`a credential in ${where} is the operator's: masked with ж between its letters beside 2+2+2 ids of other scripts (r25y L10)`, () => {
    const r = new Redactor()
    learnConfiguredSecrets(r, resolveConfig(input))
    EVICTION.forEach((id) => r.addSecret(id))
    // learned again from a request that carried it, as response-credentials.ts does
    r.addSecret(KEY)
    const out = r.text(`<p>${[...KEY].join('ж')}</p>`)
    assert.equal(out.includes('Kжqж7жvжNж2'), false, out)
  })

test('a string of the config that is no URL gives no secret', () => {
  const r = new Redactor()
  learnConfiguredSecrets(
    r,
    resolveConfig({ target: 'http://127.0.0.1:1/', login: login({ check: { url: '/account', contains: 'Welcome back' } }) }),
  )
  assert.equal(r.text('Welcome back to /account'), 'Welcome back to /account')
})

// Review r26y Q1: a password the operator gives outside the login (a supplied `Authorization: Basic`
// header's, a password-named parameter's value in a config URL) was learned as an id: masked with its
// first 4 characters and its length, and the after-password rule (Redactor.passwordSent) never started,
// so a target that read it from the first request spelled it 4 characters a cookie across 4 cookies.
const PW = 'Horse7Battery9'
const basic = (pair: string): string => `Basic ${Buffer.from(pair).toString('base64')}`
/** Cookies a hostile target sets after reading the password: its 4-character pieces, each padded to an id's length. */
const SPELLED = [0, 4, 8, 12].map((k, i) => `c${i}=${PW.slice(k, k + 4).padEnd(16, 'q')}; Path=/`)

const OPERATOR_PASSWORDS: Array<[string, Record<string, unknown>]> = [
  ['a supplied Basic header', { target: 'http://127.0.0.1:1/', request: { headers: { Authorization: basic(`alice:${PW}`) } } }],
  ['the target URL', { target: `http://127.0.0.1:1/api?password=${PW}` }],
  ['the check URL', { target: 'http://127.0.0.1:1/', login: login({ check: { url: `/account?pw=${PW}`, contains: 'Welcome' } }) }],
  ['the logout URL', { target: 'http://127.0.0.1:1/', login: login({}), logout: { url: `/logout?pwd=${encodeURIComponent(PW)}` } }],
  ['a pre-login page', { target: 'http://127.0.0.1:1/', login: login({ pre: [`/cart?pass=${PW}`] }) }],
  // r27yr Q4: a supplied header or cookie named for a password was an id (`Hors…[14]`, no after-password rule)
  ['a supplied X-Password header', { target: 'http://127.0.0.1:1/', request: { headers: { 'X-Password': PW } } }],
  ['a supplied password cookie', { target: 'http://127.0.0.1:1/', request: { cookies: { password: PW } } }],
  // r27yr U1: only the target refuses a userinfo; every other config URL kept it, never learned
  [
    "the check URL's userinfo",
    { target: 'http://127.0.0.1:1/', login: login({ check: { url: `http://bob:${PW}@127.0.0.1:1/account`, contains: 'Welcome' } }) },
  ],
  [
    "the login URL's userinfo",
    { target: 'http://127.0.0.1:1/', login: login({ url: `http://bob:${encodeURIComponent(PW)}@127.0.0.1:1/login` }) },
  ],
  [
    "the logout URL's userinfo",
    { target: 'http://127.0.0.1:1/', login: login({}), logout: { url: `http://bob:${PW}@127.0.0.1:1/logout` } },
  ],
  // r29yr U1b: Scope resolves a protocol-relative config URL (and the backslash spellings the URL
  // parser reads as one) against the target, userinfo and all; it was read as no URL, never learned
  ...[`//bob:${PW}@127.0.0.1:1/account`, `\\\\bob:${PW}@127.0.0.1:1/account`, `/\\bob:${PW}@127.0.0.1:1/account`].map(
    (url): [string, Record<string, unknown>] => [
      `the protocol-relative check URL ${JSON.stringify(url.slice(0, 6))}'s userinfo`,
      { target: 'http://127.0.0.1:1/', login: login({ check: { url, contains: 'Welcome' } }) },
    ],
  ),
]

for (const [where, input] of OPERATOR_PASSWORDS)
  test(`a password in ${where} is a password: no character of it shown, and no cookie set after the scan starts shows a prefix (r26y Q1)`, () => {
    const r = new Redactor()
    learnConfiguredSecrets(r, resolveConfig(input))
    assert.equal(r.text(`<p>${PW}</p>`), '<p>********</p>')
    // its base64 too: the characters its bytes alone decide (the last, shared with what follows, may stay)
    assert.match(r.text(`<p>${Buffer.from(PW).toString('base64')}</p>`), /^<p>\*{8}.{0,3}<\/p>$/)
    // the target's cookies, learned as ids as the engine learns them
    for (const c of SPELLED) r.addSecret(c.slice(3, 19))
    const shown = r.headers({ 'set-cookie': SPELLED })['set-cookie'] as string[]
    assert.deepEqual(
      shown,
      SPELLED.map((c) => `${c.slice(0, 3)}****…[16]; Path=/`),
    )
  })

test('a config without a password outside the login leaves the prefix of later ids: the rule starts with the login', () => {
  const r = new Redactor()
  learnConfiguredSecrets(
    r,
    resolveConfig({ target: 'http://127.0.0.1:1/', login: login({}), request: { headers: { 'X-Api-Key': 'Kq7vN2pLx9Wc4Tz1' } } }),
  )
  r.addSecret('sessionid0123456789')
  assert.equal(r.text('<p>sessionid0123456789</p>'), '<p>sess…[19]</p>')
  // a parameter whose stem only looks like a password's keeps being read as before: short values are no secret
  const s = new Redactor()
  learnConfiguredSecrets(s, resolveConfig({ target: 'http://127.0.0.1:1/?passive=true' }))
  assert.equal(s.text('<p>passive true</p>'), '<p>passive true</p>')
  s.addSecret('sessionid0123456789')
  assert.equal(s.text('<p>sessionid0123456789</p>'), '<p>sess…[19]</p>')
})

test("a config URL's userinfo: a short password masked where it is whole, the rule started, a long username a secret (r27yr U1)", () => {
  const r = new Redactor()
  const url = 'http://operator1:ab3@127.0.0.1:1/logout'
  learnConfiguredSecrets(r, resolveConfig({ target: 'http://127.0.0.1:1/', login: login({}), logout: { url } }))
  const out = r.exchange({ actor: 'scanner', request: { method: 'GET', url, headers: {} } })
  assert.equal(out.request.url, 'http://oper…[9]:********@127.0.0.1:1/logout')
  // a short password is searched nowhere else: a word holding it stays
  assert.equal(r.text('<p>cab3</p>'), '<p>cab3</p>')
  r.addSecret('sessionid0123456789')
  assert.equal(r.text('<p>sessionid0123456789</p>'), '<p>****…[19]</p>')
})

test('a supplied `Basic KEY:X` starts the after-password rule though X is masked only whole (r27yr F2)', () => {
  const r = new Redactor()
  learnConfiguredSecrets(
    r,
    resolveConfig({ target: 'http://127.0.0.1:1/', request: { headers: { Authorization: basic('sk_live_4eC39HqLyjWDarjtT1zdp7dc:X') } } }),
  )
  r.addSecret('sessionid0123456789')
  assert.equal(r.text('<p>sessionid0123456789 text</p>'), '<p>****…[19] text</p>')
})

test('a supplied cookie whose name only holds "pass" inside a word stays an id (r27yr Q4)', () => {
  const r = new Redactor()
  learnConfiguredSecrets(
    r,
    resolveConfig({ target: 'http://127.0.0.1:1/', request: { cookies: { passport_session: 'Kq7vN2pLx9Wc4Tz1' } } }),
  )
  assert.equal(r.text('<p>Kq7vN2pLx9Wc4Tz1</p>'), '<p>Kq7v…[16]</p>')
})

test('a check URL quoted as written keeps a short userinfo password masked: an unescaped `@` in it, backslashes before it (r31yr W1b)', () => {
  for (const [pw, url] of [
    ['p@ss', 'http://bob:p@ss@127.0.0.1:1/account'],
    ['p@s:1', 'http://bob:p@s:1@127.0.0.1:1/account'],
    ['p@ss', 'http://alice@corp.example:p@ss@127.0.0.1:1/account'],
    ['q7Z3w', '\\\\bob:q7Z3w@127.0.0.1:1/account'],
    ['q7Z3w', '/\\bob:q7Z3w@127.0.0.1:1/account'],
    ['q7Z3w', '\\/bob:q7Z3w@127.0.0.1:1/account'],
    ['q7Z3w', 'http:\\\\bob:q7Z3w@127.0.0.1:1/account'],
    ['q7Z3w', 'http:/\\bob:q7Z3w@127.0.0.1:1/account'],
    ['q7Z3w', 'http:///bob:q7Z3w@127.0.0.1:1'],
  ] as Array<[string, string]>) {
    const r = new Redactor()
    learnConfiguredSecrets(r, resolveConfig({ target: 'http://127.0.0.1:1/', login: login({ check: { url, contains: 'Welcome' } }) }))
    // as the fixation and adopt checks quote login.check.url
    const summary = `the attacker's copy reached ${url} as the victim (200)`
    const shown = (r.report({ findings: [{ summary, url }] }) as { findings: Array<{ summary: string; url: string }> }).findings[0]!
    for (const s of [shown.summary, shown.url, r.text(`(${url})`)]) {
      assert.equal(s.includes(pw), false, `${url}: ${s}`)
      assert.ok(s.includes('********@127.0.0.1'), `${url}: ${s}`)
    }
  }
  // a value that is no short password stays as written
  const r = new Redactor()
  learnConfiguredSecrets(
    r,
    resolveConfig({ target: 'http://127.0.0.1:1/', login: login({ check: { url: 'http://bob:p@ss@127.0.0.1:1/', contains: 'W' } }) }),
  )
  assert.equal(r.text('see \\\\eve:p@sss@127.0.0.1:1/x'), 'see \\\\eve:p@sss@127.0.0.1:1/x')
})

test('a password-named parameter under 6 characters in a config URL is masked where a whole value is it (r31yr P1)', () => {
  const r = new Redactor()
  const url = '/account?password=abc12&passive=true'
  learnConfiguredSecrets(r, resolveConfig({ target: 'http://127.0.0.1:1/', login: login({ check: { url, contains: 'Welcome' } }) }))
  const out = r.exchange({ actor: 'scanner', request: { method: 'GET', url: `http://127.0.0.1:1${url}`, headers: {} } })
  assert.equal(out.request.url, 'http://127.0.0.1:1/account?password=********&passive=true')
  assert.equal(r.text(`reached ${url} as the victim`), 'reached /account?password=********&passive=true as the victim')
  // searched nowhere else: a word holding it stays
  assert.equal(r.text('<p>abc123 abc12x</p>'), '<p>abc123 abc12x</p>')
})
