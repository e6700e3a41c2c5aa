// Review r24y H1 (issue #23): the letters-and-digits readings were allotted to the script sets with the
// most secrets, and the target chooses most secrets (the ids it hands out). Ids in three other scripts
// pushed the operator's password into the reading that keeps every script's letters, where a letter of
// one of those scripts between the password's letters hid it. The class: however many ids of however
// many scripts a target hands out, an operator's secret keeps the reading of its own scripts.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { propertyRuns } from '@sessionguard/testkit/property-runs'
import { Redactor } from '../../src/http/redact.js'
import { readingFor, scriptsOf, secretSkeleton, skeleton } from '../../src/http/skeleton.js'

/** Letters of scripts a target may write its ids in, none Latin or Greek (the operators' secrets below are). */
const ALPHABETS: Record<string, string> = {
  Cyrillic: 'жзийклмнопрстуфхцчшщ',
  Armenian: 'աբգդեզէըթժիլխծկհձղճմ',
  Georgian: 'აბგდევზთიკლმნოპჟრსტუ',
  Hebrew: 'אבגדהוזחטיכלמנסעפצקר',
  Arabic: 'ابتثجحخدذرزسشصضطظعغف',
  Thai: 'กขคฆงจฉชซฌญฎฏฐฑฒณดตถ',
}
const SCRIPTS = Object.keys(ALPHABETS)

/** Whether `out` still spells `secret` in its own letters-and-digits reading, marks left out. */
function spells(out: string, secret: string): boolean {
  const reading = readingFor(scriptsOf(secret))
  return skeleton(out, true, reading).text.includes(secretSkeleton(secret, reading, true))
}

/** `secret` with `sep` between each two of its characters. */
const between = (secret: string, sep: string): string => [...secret].join(sep)

type Learn = (r: Redactor, secret: string) => void
const OPERATOR: Array<[string, string, Learn]> = [
  ['an ASCII password', 'Horse7Battery9', (r, s) => r.addPassword(s)],
  ['a Greek password', 'Καλημέρα2024κόσμε', (r, s) => r.addPassword(s)],
  ['a supplied header', 'Kq7vN2pLx9Wc4TzQ', (r, s) => r.addSecretHeader('X-Api-Key', s, true)],
  ['a supplied cookie or target-URL credential', 'Rt5mW8kLq2Zx7PvN', (r, s) => r.addSecret(s, true)],
]

test('property: an operator secret with letters of another script between its letters is masked however many ids of other scripts a target hands out (r24y H1)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...OPERATOR),
      fc.uniqueArray(fc.constantFrom(...SCRIPTS), { minLength: 3, maxLength: SCRIPTS.length }),
      fc.integer({ min: 2, max: 40 }),
      fc.nat(),
      fc.boolean(),
      ([, secret, learn], scripts, perScript, pick, learnedFirst) => {
        const r = new Redactor()
        const handOut = (): void => {
          for (const script of scripts) for (let i = 0; i < perScript; i++) r.addSecret(`${ALPHABETS[script]}${i}`)
        }
        // the ids may be learned before the operator's secret or after it: the allotment must not depend on the order
        if (learnedFirst) handOut()
        learn(r, secret)
        if (!learnedFirst) handOut()
        const alphabet = ALPHABETS[scripts[pick % scripts.length]!]!
        const sep = alphabet[pick % alphabet.length]!
        const out = r.text(`<p>${between(secret, sep)}</p>`)
        assert.ok(!spells(out, secret), out)
      },
    ),
    { numRuns: propertyRuns(60) },
  )
})

test('the reviewed eviction is masked: an ASCII password with ж between its letters beside 2 ids in each of Cyrillic, Armenian and Georgian (r24y H1)', () => {
  const r = new Redactor()
  r.addPassword('Horse7Battery9')
  for (const script of ['Cyrillic', 'Armenian', 'Georgian']) for (const i of [1, 2]) r.addSecret(`${ALPHABETS[script]}${i}`)
  const out = r.text(`<p>${between('Horse7Battery9', 'ж')}ж</p>`)
  assert.equal(out.includes('Hжoжrжsжe'), false, out)
  assert.ok(!spells(out, 'Horse7Battery9'), out)
})

test("an id first handed out by the target and then found to be the operator's supplied cookie keeps the reading of its own scripts", () => {
  const r = new Redactor()
  const cookie = 'Rt5mW8kLq2Zx7PvN'
  r.addSecret(cookie)
  for (const script of ['Cyrillic', 'Armenian', 'Georgian', 'Hebrew']) for (const i of [1, 2, 3]) r.addSecret(`${ALPHABETS[script]}${i}`)
  r.addSecret(cookie, true)
  const out = r.text(`<p>${between(cookie, 'ж')}</p>`)
  assert.ok(!spells(out, cookie), out)
})

test("the target's ids keep being found in their own reading beside the operator's secrets", () => {
  const r = new Redactor()
  r.addPassword('Horse7Battery9')
  const id = `${ALPHABETS.Cyrillic}7`
  for (const script of ['Cyrillic', 'Armenian']) for (const i of [1, 2]) r.addSecret(`${ALPHABETS[script]}${i}`)
  r.addSecret(id)
  const out = r.text(`<p>${between(id, 'x')}</p>`)
  assert.ok(!spells(out, id), out)
})
