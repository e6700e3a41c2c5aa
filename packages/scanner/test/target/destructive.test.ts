import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decodeFully, looksDestructive } from '../../src/target/destructive.js'

// The one never-follow list: the pre-login discovery and the cross-account crawl both ask it.

test('a destructive action is recognised in every spelling a browser still understands', () => {
  for (const url of [
    '/logout',
    '/log%6Fut',
    '/Sign-Out',
    '/sign_out',
    '/account/LogOff',
    '/%2564elete',
    '/item/2/%252564elete',
    '/ｌｏｇｏｕｔ',
    '/notes/7/remove',
    '/account/close',
    '/notes?action=clear',
    '/cart?op=drop',
    '/admin/reset-db',
    '/session/end_session',
    '/users/3/deactivate',
  ])
    assert.equal(looksDestructive(url), true, url)
})

test('harmless words that contain a destructive one are not walled off', () => {
  for (const url of ['/catalog/outdoor', '/closet', '/presets', '/nuclear-physics', '/orders/7', '/api/orders?sort=closest'])
    assert.equal(looksDestructive(url), false, url)
})

test('percent-encoding is undone layer by layer, a broken escape left as it is', () => {
  assert.equal(decodeFully('%25256C'), 'l')
  assert.equal(decodeFully('/a%zz/%6Fk'), '/a%zz/ok')
})
