// r25c: once a password reached the target, a value it sets can spell it four characters at a time (one
// cookie per piece): only values seen before keep the first characters of their mask.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Redactor } from '../../src/http/redact.js'

const ID_BEFORE = '5e25d4402bc74c52d227bf1bd6e96b927744'
const ID_AFTER = '9f0a1b2c3d4e5f60718293a4b5c6d7e8f901'

test('before any password went out, a value keeps its prefix; after, only the values seen before do', () => {
  const r = new Redactor()
  r.addPassword('pw-Hunter2-secret')
  assert.equal(r.headers({ 'set-cookie': `sid=${ID_BEFORE}; Path=/` })['set-cookie'], 'sid=5e25…[36]; Path=/')
  r.passwordSent([ID_BEFORE])
  // the pieces of the password the target set after the login, each in a cookie of its own
  const h = r.headers({ cookie: `sid=${ID_BEFORE}; k0=pw-Hzzzzz; k1=unterzzzz; kr=terces-2retnuH-wp; s2=${ID_AFTER}` })
  assert.equal(h['cookie'], `sid=5e25…[36]; k0=****…[9]; k1=****…[9]; kr=****…[17]; s2=****…[36]`)
  assert.equal(r.headers({ 'set-cookie': 'k1=unterzzzz; Path=/' })['set-cookie'], 'k1=****…[9]; Path=/')
  // learned as ids: masked whole wherever the text holds them (the one seen before by its prefix)
  r.addSecret(ID_AFTER)
  r.addSecret(ID_BEFORE)
  assert.equal(r.text(`a ${ID_AFTER} b ${ID_BEFORE}`), 'a ****…[36] b 5e25…[36]')
  // a session- or token-named header, and an Authorization value the target handed out
  assert.equal(r.headers({ 'x-session-token': 'pw-Hunter2zzzzzzz' })['x-session-token'], '****…[17]')
  assert.equal(r.headers({ authorization: 'Bearer pw-Hunter2zzzzzzz' })['authorization'], '****…[24]')
})

test('a value learned before the password went out keeps its prefix after (the fixation evidence follows it)', () => {
  const r = new Redactor()
  r.addSecret(ID_BEFORE)
  r.passwordSent([])
  assert.equal(r.headers({ cookie: `sid=${ID_BEFORE}` })['cookie'], 'sid=5e25…[36]')
  assert.equal(r.text(`id ${ID_BEFORE}`), 'id 5e25…[36]')
})

test('the first call decides: a later login does not make what was set in between look as if seen before', () => {
  const r = new Redactor()
  r.passwordSent([])
  r.passwordSent([ID_AFTER])
  assert.equal(r.headers({ cookie: `sid=${ID_AFTER}` })['cookie'], 'sid=****…[36]')
})
