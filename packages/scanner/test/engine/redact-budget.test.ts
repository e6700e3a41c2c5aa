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
