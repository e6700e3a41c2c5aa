// The decoder (canonical()) and the letters-and-digits reading (skeleton()) write more units than they
// read where a character reads as several (`Ⅷ` is `VIII`, `㎏` is `kg`, `ﬁ` is `fi`): their maps back to
// the text grow as they are written (canonical.ts grown()), and each unit still maps to its own character.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { grown } from '../../src/http/canonical.js'
import { canonical } from '../../src/http/secret-forms.js'
import { skeleton } from '../../src/http/skeleton.js'

test('grown keeps the array while it has room, else copies it into one at least twice as long (or as long as needed)', () => {
  const a = Int32Array.from([1, 2, 3])
  assert.equal(grown(a, 3), a)
  const b = grown(a, 4)
  assert.deepEqual([...b], [1, 2, 3, 0, 0, 0])
  assert.equal(grown(a, 20).length, 20)
  const u = grown(Uint16Array.from([7]), 2)
  assert.ok(u instanceof Uint16Array)
  assert.deepEqual([...u], [7, 0])
})

test('a text of characters that read as several units, far past the first size of the maps, maps each unit back to its character', () => {
  const text = 'aⅧ'.repeat(2000) + '㎏ﬁ'
  const c = canonical(text)
  assert.equal(c.text, 'aVIII'.repeat(2000) + 'kgfi')
  assert.equal(c.starts.length, c.text.length)
  for (let k = 0; k < c.text.length; k++) {
    const from = text.slice(c.starts[k], c.ends[k])
    assert.ok(from === 'a' || from === 'Ⅷ' || from === '㎏' || from === 'ﬁ', `${k}: ${from}`)
  }
  assert.deepEqual([c.starts[c.text.length - 1], c.ends[c.text.length - 1]], [text.length - 1, text.length])
  const s = skeleton(text)
  assert.equal(s.text, 'aviii'.repeat(2000) + 'kgfi')
  for (let k = 0; k < s.text.length; k++) assert.equal(s.ends[k]! - s.starts[k]!, 1, `${k}`)
  assert.equal(text[s.starts[4]!], 'Ⅷ')
})
