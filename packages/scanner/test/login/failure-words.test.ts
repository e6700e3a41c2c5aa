import assert from 'node:assert/strict'
import { test } from 'node:test'
import { failureWords } from '../../src/login/browser/failure-words.js'

// r26r R6: after typing, a failed navigation's message names the URL the page chose; only its kind is said.
test('a browser failure is said by its kind, never with the text of the message', () => {
  const spelled = '7465726365732d327265746e75482d7770'
  const cases: Array<[string, string]> = [
    [`page.goto: net::ERR_EMPTY_RESPONSE at http://127.0.0.1:1/2fa?a\`${spelled}`, 'the browser could not open it (ERR_EMPTY_RESPONSE)'],
    [
      `page.goto: Navigation to "http://127.0.0.1:1/a" is interrupted by another navigation to "http://127.0.0.1:1/${spelled}"`,
      'interrupted by another navigation',
    ],
    [`page.goto: Timeout 5000ms exceeded.\nCall log:\n  - navigating to "http://127.0.0.1:1/${spelled}"`, 'timed out'],
  ]
  for (const [msg, said] of cases) assert.equal(failureWords(new Error(msg)), said)
  const other = failureWords(new Error(`something odd with ${spelled}`))
  assert.ok(!other.includes(spelled), other)
})

// r27br F1: Playwright's call log quotes the URL navigated to and the attributes of the element acted on; a
// page wrote `net::ERR_` + the password in letters there and the "fixed words" carried it.
test('a page-written net::ERR_ token in the URL or the call log is never said: only a code from the fixed list', () => {
  const letters = 'HEGFHCGDGFHDCNDCHCGFHEGOHFEICNHHHA'
  const cases = [
    // a fill that fails on an element whose attribute the page wrote
    `locator.fill: Error: Input of type "checkbox" cannot be filled\nCall log:\n  - waiting for locator('input[name=code]')\n  - locator resolved to <input type="checkbox" data-x="net::ERR_${letters}" name="code"/>`,
    // a goto timeout whose call log names the page-chosen URL
    `page.goto: Timeout 5000ms exceeded.\nCall log:\n  - navigating to "http://127.0.0.1:1/2fa?net::ERR_${letters}", waiting until "load"`,
    // a code-shaped word in the first line that is not Chromium's
    `page.goto: net::ERR_${letters} at http://127.0.0.1:1/2fa`,
    // the URL before the code cannot make the code
    `page.goto: Navigation to "http://127.0.0.1:1/?net::ERR_${letters}" failed`,
  ]
  for (const msg of cases) {
    const said = failureWords(new Error(msg))
    assert.ok(!said.includes(letters) && !said.includes(letters.slice(0, 8)), said)
  }
  assert.equal(failureWords(new Error(cases[2])), 'the browser could not open it (a network error)')
  assert.equal(failureWords(new Error(cases[1])), 'timed out')
})
