import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import fc from 'fast-check'
import { ConfigError } from '@sessionguard/scanner'
import { isData, judgeIds, sameContent, shows } from '../../../src/checks/authorization/index.js'
import { fillTemplate, matchTemplate, parseObjectEntry, publicMatcher } from '../../../src/openapi/index.js'
import type { HttpResponse } from '../../../src/http/client.js'

const res = (status: number, body: string): HttpResponse => ({
  status,
  body,
  headers: {},
  truncated: false,
  url: 'http://127.0.0.1/x',
  setCookies: [],
  exchanges: [],
})

describe('object templates', () => {
  test('a method prefix is optional; GET is the default', () => {
    assert.deepEqual(parseObjectEntry('/orders/{id}'), { method: 'GET', template: '/orders/{id}', params: ['id'], source: 'objects:' })
    assert.equal(parseObjectEntry('delete /orders/{id}').method, 'DELETE')
    assert.throws(() => parseObjectEntry('orders/{id}'), ConfigError)
    assert.throws(() => parseObjectEntry('FETCH /x'), ConfigError)
  })

  test('filling a template and matching the result gives the values back', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ minLength: 1, maxLength: 20 }), (a, b) => {
        const path = fillTemplate('/users/{user}/orders/{order_id}', { user: a, order_id: b })
        assert.deepEqual(matchTemplate('/users/{user}/orders/{order_id}', path), { user: a, order_id: b })
      }),
    )
  })

  test('a template matches one segment per parameter, never more', () => {
    assert.equal(matchTemplate('/orders/{id}', '/orders/7/items'), undefined)
    assert.equal(matchTemplate('/orders/{id}', '/orders/'), undefined)
    assert.deepEqual(matchTemplate('/orders/{id}', '/orders/7/'), { id: '7' })
  })
})

describe('public allow-list', () => {
  const isPublic = publicMatcher(['/announcements/*', '/docs/**', '/products/{id}', '/search?q=*'])
  test('* stays within a segment, ** crosses them, {name} is one segment', () => {
    assert.ok(isPublic('/announcements/42'))
    assert.ok(!isPublic('/announcements/42/comments'))
    assert.ok(isPublic('/docs/a/b/c'))
    assert.ok(isPublic('/products/9?ref=home'), 'the query is ignored unless the pattern names one')
    assert.ok(!isPublic('/orders/9'))
    assert.ok(isPublic('/search?q=shoes'))
    assert.ok(!isPublic('/search?page=2'))
  })
})

describe('whose data is in a response', () => {
  test('a name counts as a whole word only', () => {
    assert.ok(shows('{"owner":"alice"}', ['alice']))
    assert.ok(shows('Note by alice.', ['alice']))
    assert.ok(!shows('malice aforethought', ['alice']))
    assert.ok(!shows('alice@example.com', ['alice']), 'an e-mail address is a different identifier')
  })

  test('the same content ignores key order, surrounding space and whose greeting it shows', () => {
    assert.ok(sameContent('{"a":1,"b":[1,2]}', ' {"b":[1,2],"a":1}\n', []))
    assert.ok(
      sameContent('<p>Signed in as alice</p><p>Door code 4471</p>', '<p>Signed in as bob</p><p>Door code 4471</p>', ['alice', 'bob']),
    )
    assert.ok(!sameContent('{"order_id":"1001"}', '{"order_id":"1003"}', ['alice', 'bob']))
  })

  test('only a 2xx with a body that is not a login form carries data', () => {
    assert.ok(isData(res(200, '{"x":1}')))
    assert.ok(!isData(res(404, '{"error":"no such order"}')))
    assert.ok(!isData(res(200, '  ')))
    assert.ok(!isData(res(200, '<form method="post"><input name="u"><input type="password" name="p"></form>')))
  })
})

describe('guessable object ids', () => {
  test('a counter is guessable, with the next ids predicted', () => {
    const v = judgeIds(['1001', '1002', '1003', '1004'])!
    assert.equal(v.guessable, true)
    assert.match(v.summary, /counter/)
    assert.ok(v.predictions.includes('1005'))
  })

  test('random ids are not, whatever their count', () => {
    const hex = (): string => [...crypto.getRandomValues(new Uint8Array(12))].map((b) => b.toString(16).padStart(2, '0')).join('')
    assert.equal(judgeIds([hex(), hex(), hex(), hex()])!.guessable, false)
  })

  test('fewer than three ids give no verdict', () => {
    assert.equal(judgeIds(['1', '2']), undefined)
    assert.equal(judgeIds(['7', '7', '7']), undefined)
  })
})
