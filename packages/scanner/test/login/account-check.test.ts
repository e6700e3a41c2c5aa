import assert from 'node:assert/strict'
import { test } from 'node:test'
import { adaptText, checkFor } from '../../src/login/account-check.js'

const alice = { username: 'alice', name: 'alice' }
const bob = { username: 'bob', name: 'bob' }
const check = { url: '/account', contains: 'Signed in as <b>alice</b>' }

test("a check text naming the first account inside markup is adapted to each other account's name", () => {
  assert.deepEqual(checkFor(check, alice, bob), { url: '/account', contains: 'Signed in as <b>bob</b>' })
  assert.equal(checkFor(check, alice, alice).contains, 'Signed in as <b>alice</b>', 'the first account keeps its own text')
  assert.equal(adaptText('Hello alice, you have 2 orders (alice)', alice, bob), 'Hello bob, you have 2 orders (bob)')
})

test('only whole words are swapped: a name inside another word, an e-mail or a longer name is left alone', () => {
  assert.equal(adaptText('Logged in: malice', alice, bob), undefined)
  assert.equal(adaptText('Logged in: alice@example.com', alice, bob), undefined)
  assert.equal(adaptText('Logged in: alice.smith', alice, bob), undefined)
  assert.equal(adaptText('Logout', alice, bob), undefined, 'a text every page shows stays as it is')
  assert.deepEqual(checkFor({ url: '/account', contains: 'Logout' }, alice, bob), { url: '/account', contains: 'Logout' })
})

test('the user name goes to the user name and the display name to the display name', () => {
  const a = { username: 'alice@example.com', name: 'Alice Liddell' }
  const b = { username: 'bob@example.com', name: 'Bob Dylan' }
  assert.equal(adaptText('<span>alice@example.com</span> (Alice Liddell)', a, b), '<span>bob@example.com</span> (Bob Dylan)')
})

test("an account's own check wins over the adapted one, and the first account's own check is every other account's template", () => {
  const own = { ...bob, check: { contains: 'Welcome back, Robert' } }
  assert.deepEqual(checkFor(check, alice, own), { url: '/account', contains: 'Welcome back, Robert' })
  const firstOwn = { ...alice, check: { contains: 'Hi alice!', url: '/me' } }
  assert.deepEqual(checkFor(check, firstOwn, firstOwn), { url: '/me', contains: 'Hi alice!' })
  assert.deepEqual(checkFor(check, firstOwn, bob), { url: '/me', contains: 'Hi bob!' })
  assert.deepEqual(checkFor({ url: '/account', status: 200 }, alice, { ...bob, check: { status: 204 } }), { url: '/account', status: 204 })
})
