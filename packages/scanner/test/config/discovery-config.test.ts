import assert from 'node:assert/strict'
import { test } from 'node:test'
import { resolveConfig } from '@sessionguard/scanner'

const login = { url: '/login', credentials: { username: 'a', password: 'b' }, check: { url: '/me' } }

test('login.discovery: a number is still the budget; the object form fills browser, forms and time', () => {
  assert.deepEqual(resolveConfig({ target: 'http://127.0.0.1:1', login: { ...login, discovery: 4 } }).login!.discovery, {
    budget: 4,
    browser: false,
    forms: false,
    time: 30_000,
  })
  const d = resolveConfig({ target: 'http://127.0.0.1:1', login: { ...login, discovery: { browser: true, time: '45s' } } }).login!.discovery
  assert.deepEqual(d, { budget: 10, browser: true, forms: false, time: 45_000 })
  assert.throws(() => resolveConfig({ target: 'http://127.0.0.1:1', login: { ...login, discovery: { time: '10m' } } }), /between 1s and 5m/)
})

test('session.start: requests or browser steps, never both; browser steps need a browser and open: first; a GET has no body', () => {
  const cfg = (start: unknown[], extra: Record<string, unknown> = {}) =>
    resolveConfig({ target: 'http://127.0.0.1:1', login: { ...login, ...extra }, session: { start } })
  assert.equal(cfg([{ method: 'POST', url: '/cart', form: { item: 1 } }]).session !== 'auto', true)
  assert.throws(() => cfg([{ open: '/shop' }, { click: 'text=Add' }]), /browser steps need a browser/)
  assert.doesNotThrow(() => cfg([{ open: '/shop' }, { click: 'text=Add' }], { discovery: { browser: true } }))
  assert.throws(() => cfg([{ click: 'text=Add' }], { type: 'browser' }), /begin with open: PATH/)
  assert.throws(() => cfg([{ url: '/shop' }, { open: '/shop' }], { type: 'browser' }), /not both/)
  assert.throws(() => cfg([{ url: '/cart', form: { a: 1 } }]), /a GET request has no body/)
  assert.throws(() => cfg([{ method: 'POST', url: '/cart', form: { a: 1 }, json: {} }]), /form or json, not both/)
})
