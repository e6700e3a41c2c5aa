// Review r24y M1 (issue #23): letter and digit forms with no compatibility form (small capitals ʜᴏʀꜱᴇ,
// negative circled and squared letters 🅗 🅷, regional-indicator letters 🇭, dingbat digits ❼ ➐) are the
// very letters to a reader, but NFKC does not read them, so a secret written in them was in clear.
// ascii-shadow.ts lists them by Unicode block; each entry is tested, alone and in secrets.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { propertyRuns } from '@sessionguard/testkit/property-runs'
import { Redactor } from '../../src/http/redact.js'
import { asciiShadow, letterForms } from '../../src/http/ascii-shadow.js'

const FORMS = letterForms()
/** ASCII letter or digit (lower-cased) → the forms that read as it. */
const BY_ASCII = new Map<string, string[]>()
for (const [cp, ascii] of FORMS) BY_ASCII.set(ascii.toLowerCase(), [...(BY_ASCII.get(ascii.toLowerCase()) ?? []), String.fromCodePoint(cp)])

test('every letter form reads as its ASCII letter or digit, is a letter, digit or symbol with no compatibility form, and is no ASCII', () => {
  assert.ok(FORMS.size >= 140, String(FORMS.size))
  for (const [cp, ascii] of FORMS) {
    const c = String.fromCodePoint(cp)
    assert.match(ascii, /^[A-Za-z0-9]$/)
    assert.equal(asciiShadow(cp), ascii, `U+${cp.toString(16)}`)
    assert.equal(c.normalize('NFKC'), c, `U+${cp.toString(16)} has a compatibility form: NFKC reads it already`)
    assert.match(c, /[\p{L}\p{No}\p{So}]/u, `U+${cp.toString(16)}`)
  }
  // every ASCII letter has at least the negative circled, negative squared and regional-indicator forms
  for (const l of 'abcdefghijklmnopqrstuvwxyz') assert.ok((BY_ASCII.get(l) ?? []).length >= 3, l)
  for (const d of '0123456789') assert.ok((BY_ASCII.get(d) ?? []).length >= 1, d)
})

const PW = 'Horse7Battery9'
const SHORT = 'Zq7!xw'
const ID = 'Qm9yZ2VkU2Vzc2lvbklkMTIzNDU2Nzg5'

/** `s` with each letter or digit, by `pick`, as one of its forms (kept when it has none, as 'x' for small capitals). */
const written = (s: string, pick: (i: number) => number): string =>
  [...s]
    .map((ch, i) => {
      const of = BY_ASCII.get(ch.toLowerCase())
      return of ? of[pick(i) % of.length]! : ch
    })
    .join('')

test('property: a secret written in the letter forms NFKC misses, one chosen per character, is masked at any length (r24y M1)', () => {
  const r = new Redactor()
  r.addPassword(PW)
  r.addPassword(SHORT)
  r.addSecret(ID)
  fc.assert(
    fc.property(fc.constantFrom(PW, SHORT, ID), fc.array(fc.nat(), { minLength: 32, maxLength: 32 }), (secret, picks) => {
      // regional indicators in pairs draw flags; a zero-width space between characters keeps each a letter
      const form = [...written(secret, (i) => picks[i]!)].join('\u200b')
      const out = r.text(`<p>a ${form} b</p>`)
      assert.ok(out.includes('*') || out.includes('…['), `${form} → ${out}`)
      assert.ok(!out.includes(form), `${form} → ${out}`)
    }),
    { numRuns: propertyRuns(200) },
  )
})

test('the reviewed forms are masked: ʜᴏʀꜱᴇ7ʙᴀᴛᴛᴇʀʏ9, 🅗🅞🅡🅢🅔7🅑🅐🅣🅣🅔🅡🅨9, 🅷🅾🆁🆂🅴7🅱🅰🆃🆃🅴🆁🆈9, Horse❼Battery❾, Horse➐Battery➒, ᴢq7!xᴡ (r24y M1)', () => {
  const r = new Redactor()
  r.addPassword(PW)
  r.addPassword(SHORT)
  for (const t of ['ʜᴏʀꜱᴇ7ʙᴀᴛᴛᴇʀʏ9', '🅗🅞🅡🅢🅔7🅑🅐🅣🅣🅔🅡🅨9', '🅷🅾🆁🆂🅴7🅱🅰🆃🆃🅴🆁🆈9', 'Horse❼Battery❾', 'Horse➐Battery➒', 'ᴢq7!xᴡ']) {
    const out = r.text(`<p>${t}</p>`)
    assert.ok(!out.includes(t) && out.includes('*'), `${t} → ${out}`)
  }
})

test('flags and small capitals that spell no secret are kept', () => {
  const r = new Redactor()
  r.addPassword(PW)
  for (const t of ['🇫🇷 🇩🇪 🇯🇵', 'ᴛʜᴇ ǫᴜɪᴄᴋ ʙʀᴏᴡɴ ꜰᴏx', '🅿 parking']) assert.equal(r.text(`<p>${t}</p>`), `<p>${t}</p>`)
})
