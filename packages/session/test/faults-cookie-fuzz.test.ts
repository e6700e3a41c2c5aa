// Property-based fuzzing of the Cookie headers a session manager is handed: any header, any number of
// them, forged or damaged tokens among them. load() must answer with no session (never someone's)
// and never throw; a store failure while loading is the only error, and it is a 503.
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import fc from 'fast-check'
import { propertyRuns } from '@sessionguard/testkit/property-runs'
import {
  createSessionManager,
  generateToken,
  MemoryStore,
  parseCookieHeader,
  cookieValues,
  StoreUnavailableError,
} from '@sessionguard/session'

let runs = 0
after(() => console.log(`session cookie fuzz runs: ${runs}`))

const piece = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    'sid=',
    'sid',
    '; ',
    ';',
    '=',
    '==',
    ',',
    ' ',
    '\t',
    '"',
    '%',
    '%zz',
    '%00',
    '\0',
    '\r\n',
    '__Host-sid=',
    'sid=sid=',
    'SID=',
    '\u00ff',
    '\ud800',
  ),
  fc.constant(null).map(() => `sid=${generateToken()}`),
  fc.constant(null).map(() => `sid=${generateToken().slice(0, -1)}x`),
)
const header = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''))

test('any Cookie header (or several): no session, never a throw, and a live session is only found by its own token', async () => {
  const store = new MemoryStore()
  const sessions = createSessionManager({ store, cookie: { secure: false } })
  const s = await sessions.load(undefined)
  await s.login('alice')
  const real = s.takeSetCookie()!.split(';')[0]!
  await fc.assert(
    fc.asyncProperty(fc.oneof(header, fc.array(header, { maxLength: 4 })), async (h) => {
      runs++
      parseCookieHeader(Array.isArray(h) ? h.join('; ') : h)
      cookieValues(h, 'sid')
      const loaded = await sessions.load(h)
      const carriesReal = (Array.isArray(h) ? h : [h]).some((x) => x.includes(real))
      if (!carriesReal) {
        assert.equal(loaded.userId, undefined)
        assert.equal(loaded.state, 'none')
      }
    }),
    { numRuns: propertyRuns(3000) },
  )
  // and with the real cookie buried among junk, the user is found only when it is the first well-formed value
  const found = await sessions.load(`junk=1; ${real}; other=2`)
  assert.equal(found.userId, 'alice')
})

test('any Cookie header while the store is down: StoreUnavailableError (503) or no session, never a logged-in one', async () => {
  const down = new MemoryStore()
  const failing = new Proxy(down, {
    get(target, prop, receiver) {
      if (prop === 'get' || prop === 'getMany' || prop === 'getUser') return async () => Promise.reject(new Error('network down'))
      return Reflect.get(target, prop, receiver) as unknown
    },
  })
  const sessions = createSessionManager({ store: failing, cookie: { secure: false } })
  await fc.assert(
    fc.asyncProperty(header, async (h) => {
      runs++
      try {
        const loaded = await sessions.load(h)
        assert.equal(loaded.userId, undefined)
      } catch (err) {
        assert.ok(err instanceof StoreUnavailableError, String(err))
        assert.equal(err.statusCode, 503)
      }
    }),
    { numRuns: propertyRuns(1000) },
  )
})
