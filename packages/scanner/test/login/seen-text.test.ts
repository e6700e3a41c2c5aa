// The forms of a page's text the screenshot check searches for secrets, and the letters it refuses.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { lookAlikeLetters, seenForms } from '../../src/login/browser/seen-text.js'

const sid = 's3f9a0c1d2e4b'

describe('the text a picture shows, as a reader sees it', () => {
  test('mathematical, full-width and circled letters, marks and invisible joiners fold to the ASCII id', () => {
    const math = [...sid].map((c) => String.fromCodePoint(/[0-9]/.test(c) ? 0x1d7ce + Number(c) : 0x1d41a + c.charCodeAt(0) - 97)).join('')
    const full = [...sid].map((c) => String.fromCodePoint(c.charCodeAt(0) + 0xfee0)).join('')
    for (const shown of [
      math,
      full,
      `${sid.slice(0, 4)}\u0323${sid.slice(4)}`,
      `${sid.slice(0, 4)}\u2060\u200b${sid.slice(4)}`,
      sid.replace('1', '\u2460'),
    ])
      assert.ok(
        seenForms(`Signed in ${shown}`).some((f) => f.includes(sid)),
        JSON.stringify(shown),
      )
  })

  test('a reversed string (drawn in reading order by a right-to-left override) is searched reversed', () => {
    assert.ok(seenForms(`\u202e${[...sid].reverse().join('')}\u202c`).some((f) => f.includes(sid)))
  })

  test('a letter outside the Latin alphabet is refused; accented Latin letters and symbols are not', () => {
    assert.equal(lookAlikeLetters(`\u0455${sid.slice(1)}`), true, 'Cyrillic dze')
    assert.equal(lookAlikeLetters('Signed in as \u03bflga'), true, 'Greek omicron')
    assert.equal(lookAlikeLetters('Signed in as \u0131lker'), true, 'dotless i')
    assert.equal(lookAlikeLetters('Signed in as Zoë Müller — 12 € ✓ “ok” © 2026'), false)
  })
})
