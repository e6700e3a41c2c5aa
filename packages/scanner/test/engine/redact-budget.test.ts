import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import { NeedleIndex, WorkBudget } from '../../src/http/needle-index.js'
import { Redactor, WITHHELD, WORK_FLOOR, WORK_PER_UNIT } from '../../src/http/redact.js'

// the reviewer's shape (r23d M1): a target sets many long ids sharing a prefix and answers with bodies of that letter
const PREFIX = 'a'.repeat(2000)
const hostileIds = Array.from({ length: 200 }, (_, i) => `${PREFIX}Z${i.toString(36)}`)

test('a text a hostile set of ids makes too costly to check is withheld whole, the password in it included', () => {
  const r = new Redactor()
  r.addPassword('Correct-Horse-9')
  for (const id of hostileIds) r.addSecret(id)
  const body = `${'a'.repeat(1500)}Correct-Horse-9${'a'.repeat(1500)}`
  assert.equal(r.text(body), WITHHELD)
  assert.equal(r.withheld, 1)
  // a cookie header holding a value of that shape is withheld too (it is searched whole), rather than shown by its first characters
  const out = r.headers({ 'set-cookie': [`c=${'a'.repeat(2500)}Q; Path=/`], cookie: `x=1; c=${'a'.repeat(2500)}Q` })
  assert.deepEqual(out, { 'set-cookie': [WITHHELD], cookie: WITHHELD })
  assert.equal(r.withheld, 3)
})

test("the matcher's work on a hostile text stops at its budget, however many ids share the prefix", () => {
  const index = new NeedleIndex()
  for (const id of hostileIds) index.add(id, 'x')
  const text = 'a'.repeat(3000)
  const limit = WORK_PER_UNIT * text.length + WORK_FLOOR
  const budget = new WorkBudget(limit)
  assert.equal(
    index.search(text, () => {}, budget),
    false,
  )
  // at most one needle's comparison past the limit
  assert.ok(budget.spent <= limit + PREFIX.length + 3, `${budget.spent} comparisons`)
})

test('an honest scan stays within the budget: thousands of ids, JWTs sharing their header, all masked where they stand', () => {
  const r = new Redactor()
  r.addPassword('Correct-Horse-9')
  const jwtHead = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEiLCJpYXQiOjE3'
  const jwts = Array.from(
    { length: 1000 },
    () => `${jwtHead}${randomBytes(12).toString('base64url')}.${randomBytes(32).toString('base64url')}`,
  )
  const hexIds = Array.from({ length: 2000 }, () => randomBytes(16).toString('hex'))
  for (const id of [...jwts, ...hexIds]) r.addSecret(id)
  const body = [jwts[3], hexIds[7], 'Correct-Horse-9', jwts[999], JSON.stringify({ token: jwts[500] })].join(' <br> ')
  const out = r.text(body)
  assert.equal(r.withheld, 0)
  for (const s of [jwts[3]!, hexIds[7]!, jwts[999]!, jwts[500]!, 'Correct-Horse-9']) assert.ok(!out.includes(s), out)
  assert.ok(out.includes(' <br> '), out)
  const header = r.headers({ 'set-cookie': [`jwt=${jwts[42]}; Path=/`] })
  assert.equal(header['set-cookie']![0], `jwt=eyJh…[${jwts[42]!.length}]; Path=/`)
  assert.equal(r.withheld, 0)
})

// r23n M2: decoding looked for the ';' of a reference (and the '}' of a '\u{') to the end of the text
// for every '&' (every '\u{'), so a text of them without one cost the square of its length, outside
// the budget. Counted in characters searched, not timed.
test("decoding searches a bounded stretch for the end of each '&' reference and '\\u{' escape, so a text full of them costs its length", () => {
  const r = new Redactor()
  r.addPassword('Correct-Horse-9')
  const original = String.prototype.indexOf
  let searched = 0
  String.prototype.indexOf = function (this: string, needle: string, from?: number) {
    if (needle === ';' || needle === '}') searched += this.length - (from ?? 0)
    return original.call(this, needle, from)
  } as typeof String.prototype.indexOf
  try {
    for (const unit of ['&a', 'a=12&', '\\u{1']) {
      searched = 0
      const text = unit.repeat(20_000)
      assert.equal(r.text(text), text)
      assert.ok(searched <= 100 * text.length, `${unit}: ${searched} characters searched for a text of ${text.length}`)
    }
  } finally {
    String.prototype.indexOf = original
  }
  // still read where they end in reach: a password written with a named reference and a \u{…} escape is masked
  assert.doesNotMatch(r.text('Correct&hyphen;Horse\\u{2d}9'), /Horse/)
})
