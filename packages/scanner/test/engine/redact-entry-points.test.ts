// Issue 23, review r23y: the redactor's entry points as classes. A cut made before redaction (a body at
// any scope.max_body, a quote in a message) leaves no prefix of a secret; every part of a supplied
// header value is learned in every grammar; a credential parameter is read wherever a URL can hold one.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CUT_MARK, RAW_EXCERPT, cutBeforeRedaction, transportCut } from '../../src/http/excerpt.js'
import { Redactor } from '../../src/http/redact.js'
import { credentialParamValues, maskCredentialParams } from '../../src/text/url-credentials.js'
import type { Exchange } from '../../src/model/finding.js'

const SECRET = 'Zq7vN2kLp9xWc4rT8mYb3dHs6fJg1aEu'

/** Whether any run of more than the four characters a mask shows of `secret` is in `text`. */
function prefixShown(text: string, secret: string): string | undefined {
  for (let k = secret.length; k > 4; k--)
    for (let i = 0; i + k <= secret.length; i++) if (text.includes(secret.slice(i, i + k))) return secret.slice(i, i + k)
  return undefined
}

function bodyExchange(body: string): Exchange {
  return {
    actor: 'scanner',
    request: { method: 'GET', url: 'http://127.0.0.1:1/', headers: {} },
    response: { status: 200, headers: {}, body },
  }
}

test('a body cut by the transport at any max_body, through a secret at any offset, shows no more of it than its mask', () => {
  const redactor = new Redactor()
  redactor.addSecret(SECRET)
  const leaks: string[] = []
  // whole copies before the cut shrink under masking (37 characters to 11), pulling the cut edge into the shown 600
  for (const maxBody of [300, 601, 700, 1000, 1500, 2047, 3000, 4095, 4096, 5000]) {
    for (let into = 1; into < SECRET.length; into++) {
      const before = `${SECRET} `.repeat(Math.floor((maxBody - into) / (SECRET.length + 1)))
      const pad = 'x'.repeat(maxBody - into - before.length)
      const raw = `${before}${pad}${SECRET}${'y'.repeat(100)}`
      // what the engine keeps of a body it read only to max_body (client.ts)
      const text = raw.slice(0, maxBody)
      const kept = transportCut(text, true).slice(0, RAW_EXCERPT)
      const shown = redactor.exchange(bodyExchange(kept)).response!.body!
      // the part the cut left is the secret's first `into` characters: none past the four a mask shows
      const part = SECRET.slice(0, into)
      if (into > 4 && shown.includes(part)) leaks.push(`max_body ${maxBody}, ${into} characters before the cut`)
    }
  }
  assert.deepEqual(leaks, [])
})

test('a body the transport did not cut keeps its tail: the cut rule withholds only at a cut', () => {
  const redactor = new Redactor()
  redactor.addSecret(SECRET)
  const shown = redactor.exchange(bodyExchange('<p>Welcome back, all is well</p>')).response!.body!
  assert.equal(shown, '<p>Welcome back, all is well</p>')
  const cut = redactor.exchange(bodyExchange(transportCut('<p>Welcome back, all is well</p>', true))).response!.body!
  assert.ok(cut.endsWith(CUT_MARK), cut)
})

test('a quote cut before redaction (a $ref in a message) at any length shows no more of a secret than its mask', () => {
  const redactor = new Redactor()
  redactor.addSecretHeader('X-Api-Key', SECRET)
  const leaks: string[] = []
  for (let into = 1; into < SECRET.length; into++) {
    const ref = `${'a'.repeat(200 - into)}${SECRET}#/components`
    const message = redactor.text(`spec: $ref ${JSON.stringify(cutBeforeRedaction(ref, 200))} is not a valid reference`)
    const part = SECRET.slice(0, into)
    if (into > 4 && message.includes(part)) leaks.push(`${into}: ${message}`)
  }
  assert.deepEqual(leaks, [])
})

test('every part of a supplied header value is learned, in each grammar a credential header is written in', () => {
  const KEY = 'k3yPart8xQ2mZ7vL'
  for (const [name, value] of [
    ['X-Api', `svc:${KEY}`],
    ['Authorization', `token*=UTF-8''${encodeURIComponent(KEY)}`],
    ['Authorization', `token*=UTF-8''${encodeURIComponent(`€${KEY}`)}`],
    ['X-Json', JSON.stringify({ key: KEY })],
    ['Authorization', `Bearer ${KEY}, x`],
    ['X-List', `a=1; b=${KEY}`],
  ] as const) {
    const redactor = new Redactor()
    redactor.addSecretHeader(name, value)
    const shown = redactor.text(`the page says ${KEY} back`)
    assert.equal(prefixShown(shown, KEY), undefined, `${name}: ${value} → ${shown}`)
  }
})

test('a supplied Cookie header makes each cookie value from 6 characters a secret, but no path or short value', () => {
  const redactor = new Redactor()
  redactor.addSecretHeader('Cookie', `pref=Ab3dE9x; next=/account; lang=en; sid=${SECRET}`)
  assert.equal(redactor.text('Welcome to /account (en)'), 'Welcome to /account (en)')
  assert.equal(prefixShown(redactor.text(`id ${SECRET}`), SECRET), undefined)
  // r24y M4: a 6-7-character value is the operator's credential, as under --cookie
  assert.doesNotMatch(redactor.text('pref is Ab3dE9x'), /Ab3dE9x|b3dE9/)
})

test('the words of a non-Cookie header value are not made secrets by splitting it', () => {
  const redactor = new Redactor()
  redactor.addSecretHeader('X-Api', `msg=Welcome; next=/account|Welcome-back.home@tenant; k=${SECRET}`)
  assert.equal(redactor.text('Welcome back home, tenant, to /account'), 'Welcome back home, tenant, to /account')
})

test('a supplied key joined to its neighbours by any character that is not a letter or digit is learned alone', () => {
  const KEY = 'Kq7vN2pLx9Wc4Tz'
  for (const value of [
    `svc/${KEY}`,
    `k.${KEY}.z`,
    `${KEY}|sig`,
    `${KEY}@tenant`,
    `ApiKey=${KEY}~1`,
    `key-${KEY}`,
    `a+${KEY}!b`,
    `x—${KEY}…`,
  ]) {
    const redactor = new Redactor()
    redactor.addSecretHeader('X-Api', value)
    const shown = redactor.text(`the page says ${KEY} back`)
    assert.equal(prefixShown(shown, KEY), undefined, `${value} → ${shown}`)
  }
})

test("a credential parameter is read in path parameters, a ';'-separated query and the fragment", () => {
  for (const url of [
    `http://127.0.0.1:1/app;jsessionid=${SECRET}`,
    `http://127.0.0.1:1/a;sid=${SECRET}/b`,
    `http://127.0.0.1:1/?a=1;sid=${SECRET}`,
    `http://127.0.0.1:1/?a=1&token=${SECRET}`,
    `http://127.0.0.1:1/#state=1;access_token=${SECRET}`,
    // r24y L5: names that say credential by another stem
    `http://127.0.0.1:1/?pw=${SECRET}`,
    `http://127.0.0.1:1/?cred=${SECRET}`,
    `http://127.0.0.1:1/?bearer=${SECRET}`,
    `http://127.0.0.1:1/?hmac=${SECRET}`,
    `http://127.0.0.1:1/?SAMLResponse=${SECRET}`,
    `http://127.0.0.1:1/?assertion=${SECRET}`,
    // a mistyped URL the parser refuses still gives its credential up
    `http//127.0.0.1:1/?token=${SECRET}`,
  ])
    assert.ok(credentialParamValues(url).includes(SECRET), url)
  assert.deepEqual(credentialParamValues('http://127.0.0.1:1/?view=dashboard;lang=en'), [])
})

test('a message masks every credential parameter value before any cut, and keeps ordinary ones', () => {
  assert.equal(
    maskCredentialParams(`http//host/?a=1;token=${SECRET}&lang=en`),
    `http//host/?a=1;token=[${SECRET.length} characters]&lang=en`,
  )
})

test('masking a message twice gives what masking it once gives: a masked value is not read as a value', () => {
  const once = maskCredentialParams(`http://127.0.0.1:1 /?token=${SECRET}&x=1 and ;sid=${SECRET}`)
  assert.equal(once, `http://127.0.0.1:1 /?token=[${SECRET.length} characters]&x=1 and ;sid=[${SECRET.length} characters]`)
  assert.equal(maskCredentialParams(once), once)
})
