// Review r31yr N1 (issue #23). A reference whose name extends a legacy one (`&centerdot;`, `&notin;`,
// `&parallel;`), cut inside its name, is a name cut short in the level that holds it, but one level
// down it decodes to the legacy character and the rest of the name as raw letters (`&cente` reads
// `¢e`). The level that reads the padding between the secret's letters then found no run ending at
// that `e`, and 13 of 14 characters of a password were shown before the cut.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CUT_MARK, RAW_EXCERPT } from '../../src/http/excerpt.js'
import { Redactor } from '../../src/http/redact.js'
import { decodedLevels } from '../../src/http/secret-forms.js'
import type { Exchange } from '../../src/model/finding.js'

const PW = 'Horse7Battery9'

/** The reviewer's shapes: names that extend a legacy one, and one of them written one level deeper. */
const SEPARATORS = [
  '&centerdot;',
  '&notin;',
  '&notinva;',
  '&parallel;',
  '&ltimes;',
  '&timesb;',
  '&copysr;',
  '&ltrif;',
  '%26centerdot%3B',
  '&amp;centerdot;',
  '\\u0026centerdot;',
]

const exchange = (body: string): Exchange => ({
  actor: 'victim',
  request: { method: 'GET', url: 'http://127.0.0.1/', headers: {} },
  response: { status: 200, headers: {}, body },
})

/** The longest prefix of PW that the shown text, or any decoded level of it, spells with what is no letter or digit dropped. */
function shownPrefix(shown: string): number {
  const texts = [shown, ...decodedLevels(shown).map((l) => l.text)].map((t) => t.replace(/[^a-zA-Z0-9]/g, ''))
  let best = 0
  for (let k = 1; k <= PW.length; k++) if (texts.some((t) => t.includes(PW.slice(0, k)))) best = k
  return best
}

test('property: a password padded with references that extend a legacy name shows none of itself, marked at any offset of the form (r31yr N1)', () => {
  const r = new Redactor()
  r.addPassword(PW)
  for (const sep of SEPARATORS) {
    const form = [...PW].join(sep)
    assert.match(r.text(`<p>${form}</p>`), /\*{8}/, `${sep} whole`)
    // a mark after each offset inside the form (the first letter alone is no form yet)
    for (let k = 2; k < form.length; k++) {
      const shown = r.text(`<p>${form.slice(0, k)}${CUT_MARK}`).split(CUT_MARK)[0]!
      assert.ok(shownPrefix(shown) <= 1, `${sep} cut after ${JSON.stringify(form.slice(Math.max(0, k - 14), k))}: ${shown}`)
    }
  }
})

test('property: the engine cut inside a padding reference of such a form shows none of the password (r31yr N1)', () => {
  const r = new Redactor()
  r.addPassword(PW)
  for (const sep of SEPARATORS) {
    // the form's head in what is shown, padded up to the engine's cut, which falls at every offset of one reference
    const form = [...PW.slice(0, -1)].join(sep) + sep.repeat(Math.ceil((RAW_EXCERPT + 100) / sep.length)) + PW.slice(-1)
    for (let shift = 0; shift < sep.length; shift++) {
      const body = `<p>${' '.repeat(shift)}${form}</p>`.slice(0, RAW_EXCERPT)
      const shown = r.exchange(exchange(body)).response!.body!
      assert.ok(shownPrefix(shown) <= 1, `${sep} shift ${shift}: ${shown.slice(0, 120)}`)
    }
  }
})
