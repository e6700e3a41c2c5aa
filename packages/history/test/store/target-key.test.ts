import assert from 'node:assert/strict'
import { test } from 'node:test'
import { targetKey } from '../../src/index.js'

test('a token in the target query never reaches the history key; an ordinary parameter stays as written', () => {
  const token = 'TargetUrlSid0123456789abcdefXYZ'
  assert.equal(targetKey(`http://App:80/account?sid=${token}&lang=en`), 'http://app/account?sid=&lang=en')
  assert.equal(targetKey(`http://127.0.0.1:3000/?access_token=${token}`), 'http://127.0.0.1:3000?access_token=')
  assert.equal(targetKey(`http://127.0.0.1:3000/?API%5FKey=${token}&page=2`), 'http://127.0.0.1:3000?API%5FKey=&page=2')
  // the report's target masks the value; the monitor keys the raw target: both are one history
  assert.equal(targetKey('http://app/account?sid=Targ%E2%80%A6%5B31%5D&lang=en'), targetKey(`http://app/account?sid=${token}&lang=en`))
  assert.equal(targetKey('http://app/search?lang=en&q=a+b'), 'http://app/search?lang=en&q=a+b')
  assert.equal(targetKey('http://app/x?flag'), 'http://app/x?flag')
})
