import { test } from 'node:test'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import assert from 'node:assert/strict'
import { CATEGORIES, CHECK_IDS, SEVERITIES, type References } from '../../src/model/finding.js'
import { CHECKS } from '../../src/checks/registry.js'
import { REFERENCE_NAMES } from '../../src/knowledge/reference-names.js'

const KINDS: Array<keyof References> = ['cwe', 'owaspTop10', 'owaspApi', 'asvs', 'pciDss', 'soc2']

// The shape each standard writes its ids in; anything else is a typo or an invented id.
const ID_SHAPE: Record<keyof References, RegExp> = {
  cwe: /^CWE-\d+$/,
  owaspTop10: /^A(?:0[1-9]|10):2021$/,
  owaspApi: /^API(?:[1-9]|10):2023$/,
  asvs: /^V(?:[1-9]|1[0-7])\.\d+\.\d+$/,
  pciDss: /^(?:[1-9]|1[0-2])\.\d+\.\d+(?:\.\d+)?$/,
  soc2: /^CC\d\.\d+$/,
}

test('the catalogue has exactly one entry per check id of the model, under its own id', () => {
  assert.deepEqual(Object.keys(CHECKS).sort(), [...CHECK_IDS].sort())
  for (const id of CHECK_IDS) assert.equal(CHECKS[id].id, id)
})

test('every check has a title, a description, a known category and severity', () => {
  for (const id of CHECK_IDS) {
    const c = CHECKS[id]
    assert.ok(c.title.length > 10, `${id} title`)
    assert.ok(c.description.length > 80, `${id} description says what is proven and how`)
    assert.ok((CATEGORIES as readonly string[]).includes(c.category), `${id} category`)
    assert.ok((SEVERITIES as readonly string[]).includes(c.severity), `${id} severity`)
  }
})

test("every check cites all six standards, each id in that standard's own format and with a recorded title", () => {
  for (const id of CHECK_IDS) {
    const refs = CHECKS[id].references
    for (const kind of KINDS) {
      assert.ok(refs[kind].length > 0, `${id} has no ${kind} reference`)
      assert.equal(new Set(refs[kind]).size, refs[kind].length, `${id} repeats a ${kind} reference`)
      for (const ref of refs[kind]) {
        assert.match(ref, ID_SHAPE[kind], `${id} ${kind} ${ref}`)
        assert.ok(REFERENCE_NAMES[kind][ref], `${id} cites ${kind} ${ref}, which has no recorded title`)
      }
    }
  }
})

test('fixation checks cite CWE-384 and ASVS V7.2.4 or V7.2.3; authorization checks cite API1:2023', () => {
  for (const id of CHECK_IDS) {
    const c = CHECKS[id]
    if (c.category === 'fixation' && id !== 'SG-URL') {
      assert.ok(c.references.cwe.includes('CWE-384'), id)
      assert.ok(
        c.references.asvs.some((r) => r === 'V7.2.4' || r === 'V7.2.3'),
        id,
      )
    }
    if (c.category === 'authorization') assert.ok(c.references.owaspApi.includes('API1:2023'), id)
  }
})

test('a check that needs configuration says how to enable it; one that needs none does not', () => {
  for (const id of CHECK_IDS) {
    const c = CHECKS[id]
    if (c.requires === 'nothing') assert.equal(c.enableWith, undefined, id)
    else assert.ok(c.enableWith && c.enableWith.length > 5, `${id} requires ${c.requires} but has no enableWith`)
  }
  assert.match(CHECKS['SG-FIX-LOGIN'].enableWith ?? '', /--login-url/)
  assert.match(CHECKS['SG-LOGOUT'].enableWith ?? '', /--logout-url/)
})

test('adoption of an invented id outranks every other fixation variant', () => {
  const rank = (s: string) => SEVERITIES.indexOf(s as (typeof SEVERITIES)[number])
  const adopt = rank(CHECKS['SG-FIX-ADOPT'].severity)
  for (const id of ['SG-FIX-LOGIN', 'SG-FIX-OLDID', 'SG-PERMISSIVE'] as const) {
    assert.ok(adopt < rank(CHECKS[id].severity), `${id} should be less severe than SG-FIX-ADOPT`)
  }
  // Permissive handling is no takeover: it must never weigh like fixation.
  assert.ok(rank(CHECKS['SG-PERMISSIVE'].severity) > rank(CHECKS['SG-FIX-LOGIN'].severity))
})

test('catalogue entries cannot be altered by a consumer (they are shared by every finding)', () => {
  const refs = CHECKS['SG-FIX-ADOPT'].references
  assert.throws(() => (refs.cwe as string[]).push('CWE-0'))
  assert.throws(() => {
    ;(CHECKS['SG-FIX-ADOPT'] as { severity: string }).severity = 'info'
  })
  assert.deepEqual(CHECKS['SG-FIX-ADOPT'].references.cwe, ['CWE-384'])
})

test('each check family is one folder named after its category, whose ids.ts and meta.ts list the same checks in the same order', async () => {
  const { readdirSync } = await import('node:fs')
  const checksDir = new URL('../../src/checks/', import.meta.url)
  const folders = readdirSync(checksDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
  assert.deepEqual(folders.sort(), [...CATEGORIES].sort())
  const order: string[] = []
  for (const family of CATEGORIES) {
    const ids = Object.values(await import(new URL(`${family}/ids.ts`, checksDir).href))[0] as readonly string[]
    const meta = Object.values(await import(new URL(`${family}/meta.ts`, checksDir).href))[0] as Array<{ id: string; category: string }>
    assert.deepEqual(
      meta.map((m) => m.id),
      [...ids],
      `${family}: ids.ts and meta.ts disagree`,
    )
    for (const m of meta) assert.equal(m.category, family, `${m.id} is filed under ${family}/ but its category is ${m.category}`)
    order.push(...ids)
  }
  assert.deepEqual([...CHECK_IDS], order, 'CHECK_IDS is the families’ ids in category order')
})

test('every check says how to fix it: a topic with framework advice and a lead sentence', () => {
  for (const id of CHECK_IDS) {
    const fix = CHECKS[id].fix
    assert.ok(fix.lead.length > 20, `${id} lead`)
    assert.ok(Object.isFrozen(fix), `${id} fix is shared by every finding, so it is frozen`)
  }
})

test("every check id a family folder's code names belongs to that family: one check, one folder", () => {
  const checksDir = fileURLToPath(new URL('../../src/checks/', import.meta.url))
  const misplaced: string[] = []
  for (const family of readdirSync(checksDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const file of readdirSync(join(checksDir, family.name)).filter((f) => f.endsWith('.ts'))) {
      const code = readFileSync(join(checksDir, family.name, file), 'utf8')
      for (const [, id] of code.matchAll(/'(SG-[A-Z-]+)'/g)) {
        const info = CHECKS[id as keyof typeof CHECKS]
        if (info && info.category !== family.name) misplaced.push(`${family.name}/${file}: ${id} (${info.category})`)
      }
    }
  }
  assert.deepEqual(misplaced, [], 'a check is implemented in the folder of its family (CONTRIBUTING.md)')
})
