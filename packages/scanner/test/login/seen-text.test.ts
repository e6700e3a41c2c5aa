// The forms of a page's text the screenshot check searches for secrets, and the letters it refuses.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { domainToASCII } from 'node:url'
import { drawnEmail, lookAlikeLetters, seenForms } from '../../src/login/browser/seen-text.js'

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

describe('r23u: what draws nothing, what an e-mail field draws, Latin letters that do not decompose', () => {
  test('a character that draws nothing inside the id is dropped, whichever class it is in (M2)', () => {
    for (const c of [
      '\ufff9',
      '\ufffa',
      '\ufffb',
      '\u034f',
      '\u061c',
      '\ufe0f',
      '\u{e0020}',
      '\u180e',
      '\u3164',
      '\u0001',
      '\ue000',
      '\ud800',
    ])
      assert.ok(
        seenForms(`Signed in ${sid.slice(0, 6)}${c}${sid.slice(6)}`).some((f) => f.includes(sid)),
        `U+${c.codePointAt(0)!.toString(16)}`,
      )
  })

  test('the letters and digits of the text are searched joined, across what is drawn between them', () => {
    assert.ok(seenForms(`id: ${sid.slice(0, 6)}\u200a${sid.slice(6, 9)} ${sid.slice(9)}`).some((f) => f.includes(sid)))
  })

  test("an e-mail field's punycode domain is checked as drawn, in Unicode, where the accented id folds to the id (M1)", () => {
    const value = `a@${domainToASCII(`\u015b${sid.slice(1)}.com`)}`
    assert.ok(!seenForms(value).some((f) => f.includes(sid)), 'the punycode value alone hides the id')
    assert.equal(drawnEmail(value), `a@\u015b${sid.slice(1)}.com`)
    assert.ok(seenForms(drawnEmail(value)).some((f) => f.includes(sid)))
    assert.equal(drawnEmail('a@example.com,b@xn--caf-dma.example'), 'a@example.com,b@caf\u00e9.example')
  })

  test('ß, ø, æ, œ, ł, đ, ħ, þ, ð and µ pass as Latin letters (L1), and are read as the ASCII they can pass for in a secret', () => {
    assert.equal(lookAlikeLetters('Straße, groß; Søren Ærø; Łódź, Đurđević; Þórður, Ħal; 12 µs; cœur'), false)
    assert.ok(
      seenForms(`${sid.replace('0', '\u00f8')}`).some((f) => f.includes(sid)),
      'ø for the digit 0',
    )
    assert.ok(
      seenForms('pa\u00dfword').some((f) => f.includes('password')),
      'ß for ss',
    )
    assert.ok(
      seenForms('\u0142ength').some((f) => f.includes('length')),
      'ł for l',
    )
    assert.equal(lookAlikeLetters('Signed in as \u0131lker'), true, 'dotless i stays refused')
  })
})
