// Review r31yr C2 (issue #23). Each character before a cut that looks like an escape cut short (`%`,
// `%X`, `=`, `&`, `\`) added one more end to look for a run before, and each end cost one more read
// of every view of the slice before it: N of them made the window quadratic (a 32 kB response header
// took 75 s). Only as many escapes as there are levels above the cut can be unfinished there; the
// rest were ended by what followed them and read the same whatever the cut removed.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CutWindows } from '../../src/http/cut-window.js'
import { CUT_MARK } from '../../src/http/excerpt.js'
import { Redactor } from '../../src/http/redact.js'
import { DECODE_DEPTH } from '../../src/http/secret-forms.js'

/** A level's own unfinished escapes (one per level down to the deepest a reading decodes, and a lone surrogate half). */
const MOST = DECODE_DEPTH + 5

test('a run of escape-like characters before a cut gives a bounded number of ends to read the views before (r31yr C2)', () => {
  for (const unit of ['a%', '%', '=', 'a=', '&', '&a', '\\', '%u', '\\x']) {
    const text = ` ${unit.repeat(4000)}`
    const [ends] = new CutWindows([text.length]).tails(text)
    assert.ok(ends!.length <= MOST + 1, `${unit}: ${ends!.length} ends`)
    assert.equal(ends![0], text.length, `${unit}: the cut first`)
  }
})

test('what lies before the unfinished escapes at a cut is shown, and a password cut inside its escapes still is not (r31yr C2)', () => {
  const r = new Redactor()
  r.addPassword('Horse7Battery9')
  const shown = r.text(` ${'a%'.repeat(4000)}${CUT_MARK}`)
  // the target wrote these in plain: they are its evidence, not a secret's start
  assert.ok(shown.includes('a%'.repeat(3900)), shown.slice(0, 80))
  assert.ok(shown.includes('[…]'), 'the last escapes, which a cut may have left unfinished, are withheld')
  // a password spelled in escapes, cut inside its last one behind the same run, shows none of itself
  const form = [...'Horse7Battery9'].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')
  for (let k = 4; k < form.length; k++) {
    const cut = r.text(`${'a%'.repeat(200)}${form.slice(0, k)}${CUT_MARK}`)
    assert.ok(!cut.includes('%48%6f%72'), `cut after ${form.slice(0, k)}: ${cut.slice(-80)}`)
  }
})
