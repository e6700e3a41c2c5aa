// Review r25y N3 and N4 (issue #23): what the operator gave keeps its standing whatever the target does.
// N3: a login page's script copying the typed password into a cookie re-filed the password as a page
// cookie (no password, no operator), and r24y's eviction (ids of three other scripts) hid it again.
// N4: the cap on base64-of-base64 forms counted secrets passwords first, then by length, so thousands
// of longer ids a target handed out pushed a supplied key past it.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { propertyRuns } from '@sessionguard/testkit/property-runs'
import { Redactor } from '../../src/http/redact.js'

/** Two ids in each of three scripts other than Latin: r24y H1's eviction of a Latin secret from its own reading. */
const EVICTION = [
  'жзийклмнопрстуф1',
  'жзийклмнопрстуф2',
  'աբգդեզէըթժիլխծկհ1',
  'աբգդեզէըթժիլխծկհ2',
  'აბგდევზთიკლმნოპჟ1',
  'აბგდევზთიკლმნოპჟ2',
]

type Learn = (r: Redactor, secret: string) => void
const OPERATOR: Array<[string, string, Learn]> = [
  ['a password', 'Horse7Battery9', (r, s) => r.addPassword(s)],
  ['a password a browser typed', 'Horse7Battery9', (r, s) => r.addPostedPassword(s, [Buffer.from(s, 'latin1')])],
  ['a supplied header', 'Kq7vN2pLx9Wc4TzQ', (r, s) => r.addSecretHeader('X-Api-Key', s, true)],
  ['a supplied cookie or target-URL credential', 'Rt5mW8kLq2Zx7PvN', (r, s) => r.addSecret(s, true)],
]
const TARGET: Array<[string, Learn]> = [
  ['a page script cookie', (r, s) => r.addPageCookie('pc', s)],
  ['an id the target handed out', (r, s) => r.addSecret(s)],
  ['a header carrying a session', (r, s) => r.addSecretHeader('X-Session', s)],
]

test('property: a target learning an operator secret again never lowers it: with ids of three other scripts beside it, ж between its letters is still masked (r25y N3)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...OPERATOR),
      fc.array(fc.constantFrom(...TARGET), { minLength: 1, maxLength: 3 }),
      fc.boolean(),
      fc.boolean(),
      ([, secret, learn], again, targetFirst, idsFirst) => {
        const r = new Redactor()
        const ids = (): void => EVICTION.forEach((id) => r.addSecret(id))
        const target = (): void => again.forEach(([, t]) => t(r, secret))
        if (idsFirst) ids()
        if (targetFirst) target()
        learn(r, secret)
        if (!targetFirst) target()
        if (!idsFirst) ids()
        const text = `<p>${[...secret].join('ж')}</p>`
        const out = r.text(text)
        assert.equal(out.includes([...secret.slice(0, 5)].join('ж')), false, out)
        // a password keeps its own mask, which shows nothing of it
        if (secret === 'Horse7Battery9') assert.ok(out.includes('********'), out)
      },
    ),
    { numRuns: propertyRuns(40) },
  )
})

test("the reviewed case: a login page's script copies the typed password into a cookie, the target hands out 2+2+2 ids of other scripts (r25y N3)", () => {
  const r = new Redactor()
  r.addPostedPassword('Horse7Battery9', [])
  r.addPageCookie('pc', 'Horse7Battery9')
  EVICTION.forEach((id) => r.addSecret(id))
  const out = r.text('<p>Hжoжrжsжeж7жBжaжtжtжeжrжyж9</p>')
  assert.equal(out, '<p>********</p>')
})

/** base64 of base64 of `s`: the nested form only the uncapped secrets are searched in. */
const nested = (s: string): string => Buffer.from(Buffer.from(s).toString('base64')).toString('base64')

test("past the nested-forms cap of 5000 handed-out ids, longer than the operator's secrets, every operator secret is still found as base64 of base64, whichever was learned first (r25y N4)", () => {
  const ids = Array.from({ length: 5001 }, (_, i) => `Ab${i.toString(36).padStart(30, '0')}Zz`)
  for (const [what, secret, learn] of OPERATOR)
    for (const idsFirst of [true, false]) {
      const r = new Redactor()
      if (idsFirst) ids.forEach((id) => r.addSecret(id))
      learn(r, secret)
      if (!idsFirst) ids.forEach((id) => r.addSecret(id))
      const out = r.text(`<p>${nested(secret)}</p>`)
      assert.equal(out.includes(nested(secret).slice(4, 24)), false, `${what}: ${out}`)
    }
})
