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
