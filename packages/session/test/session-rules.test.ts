// Session (core/session.ts) rule by rule where the conformance suite only checks that something
// fails: the login options each refused with the message that says what to pass (issue 29).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createSessionManager, MemoryStore, SessionDataError, type Session } from '@sessionguard/session'

async function fresh(): Promise<{ store: MemoryStore; s: Session }> {
  const store = new MemoryStore()
  const sessions = createSessionManager({ store, cookie: { secure: false } })
  return { store, s: await sessions.load(undefined) }
}

const refused = (message: string | RegExp) => (err: unknown) => {
  assert.ok(err instanceof SessionDataError, String(err))
  if (typeof message === 'string') assert.equal(err.message, message)
  else assert.match(err.message, message)
  return true
}

test('login options that are not an object, or hold other keys, are refused with a message naming the options', async () => {
  const { s } = await fresh()
  const notObject = 'login options must be an object: { keep?, data?, epoch?, amr?, pending? }'
  for (const bad of [null, 'data', 42, ['keep']]) await assert.rejects(s.login('alice', bad as never), refused(notObject), String(bad))
  await assert.rejects(
    s.login('alice', { cart: 1, returnTo: '/x' } as never),
    refused('login options take keep, data, epoch, amr and pending, not cart, returnTo (pass session data as { data: {...} })'),
  )
})

test('login keep, data and epoch are each checked, and a valid login after them works', async () => {
  const { store, s } = await fresh()
  const keep = 'login keep must be an array of data keys'
  for (const bad of ['cart', ['cart', 1], { 0: 'cart' }]) await assert.rejects(s.login('alice', { keep: bad } as never), refused(keep))
  const data = 'login data must be a plain object'
  for (const bad of [null, 'x', ['a'], 1]) await assert.rejects(s.login('alice', { data: bad } as never), refused(data))
  const epoch = 'login epoch must be the number sessions.userEpoch() returned'
  for (const bad of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, '0', Number.NaN])
    await assert.rejects(s.login('alice', { epoch: bad } as never), refused(epoch), String(bad))
  assert.equal(store.size, 0)
  await s.login('alice', { keep: [], data: {}, epoch: 0 })
  assert.equal(s.userId, 'alice')
})

test('completeFactor options other than data, and a session no login started, are refused with the message that says what to pass', async () => {
  const { store, s } = await fresh()
  const onlyData = 'completeFactor options take only data, a plain object: { data: {...} }'
  for (const bad of [{ data: [] }, { data: 'x' }, { other: 1 }, { data: {}, other: 1 }])
    await assert.rejects(s.completeFactor('otp', bad as never), refused(onlyData), JSON.stringify(bad))
  await assert.rejects(
    s.completeFactor('otp'),
    refused('completeFactor needs a session that login() started: log the user in (with pending factors) first'),
  )
  assert.equal(store.size, 0)
})

test('a step-up lasts exactly the window asked: elevated at its last millisecond, not one after', async () => {
  let now = 1_700_000_000_000
  const sessions = createSessionManager({ store: new MemoryStore(), now: () => now, cookie: { secure: false } })
  const s = await sessions.load(undefined)
  await s.login('carol', { amr: ['pwd'] })
  now += 5 * 60_000
  assert.equal(s.hasFactor('pwd', '5m'), true)
  now += 1
  assert.equal(s.hasFactor('pwd', '5m'), false)
  assert.equal(s.hasFactor('pwd'), true)
})
