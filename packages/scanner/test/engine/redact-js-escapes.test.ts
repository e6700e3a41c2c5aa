// The JavaScript escapes of the redactor's decoder (secret-forms.ts) at their edges: a line continuation
// in each of its line ends, a backslash before a digit, a character past U+FFFF or exactly U+FFFF, and
// \u{…} of zeros only (issue 29: a mutation run of secret-forms.ts found these unpinned). A password of
// punctuation has no letters or digits for another reading to find it by, so only the escape's own
// reading masks it.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Redactor } from '../../src/http/redact.js'
import { canonical } from '../../src/http/secret-forms.js'

const PASSWORD = '#/!?/*-/'

test('a password split by a JavaScript line continuation is masked in every line end, and the script around it is kept', () => {
  const r = new Redactor()
  r.addPassword(PASSWORD)
  for (const end of ['\n', '\r', '\r\n', '\u2028', '\u2029']) {
    const script = `var p = "#/!?\\${end}/*-/"; send(p)`
    assert.equal(r.text(script), 'var p = "********"; send(p)', JSON.stringify(end))
  }
})

test('a line continuation reads as nothing and takes only its own line end', () => {
  assert.equal(canonical('a\\\rXb').text, 'aXb')
  assert.equal(canonical('a\\\r\nb').text, 'ab')
  assert.equal(canonical('a\\\n\nb').text, 'a\nb')
})

test('a backslash before a digit is left as written: octal escapes are not decoded', () => {
  for (let d = 0; d <= 9; d++) assert.equal(canonical(`a\\${d}b`).text, `a\\${d}b`, String(d))
  // the password with a digit in it is not read out of text that JavaScript reads otherwise ('\0' is NUL)
  const r = new Redactor()
  r.addPassword('#/!0/*-/')
  assert.equal(r.text('"#/!\\0/*-/"'), '"#/!\\0/*-/"')
})

test('a backslash before a character past U+FFFF takes both its halves, and one before U+FFFF only that unit', () => {
  const astral = canonical('\\😀x')
  assert.equal(astral.text, '😀x')
  assert.deepEqual([...astral.starts], [0, 0, 3])
  assert.deepEqual([...astral.ends], [3, 3, 4])
  assert.equal(canonical('\\\uffffx').text, '\uffffx')
})

test('\\u{…} of zeros only is the character U+0000, whatever the number of zeros', () => {
  for (const zeros of ['0', '00', '000000', '0000000000']) {
    const c = canonical(`a\\u{${zeros}}b`)
    assert.equal(c.text, 'a\0b', zeros)
    assert.deepEqual([...c.ends], [1, 5 + zeros.length, 6 + zeros.length], zeros)
  }
})
