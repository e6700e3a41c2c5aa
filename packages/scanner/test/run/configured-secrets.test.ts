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
