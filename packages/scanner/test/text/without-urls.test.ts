import assert from 'node:assert/strict'
import { test } from 'node:test'
import { URL_NOT_NAMED, withoutUrls } from '../../src/text/without-urls.js'

// r25r N7: the pre-login discovery's visited[].error quoted Playwright's first line, which names the URL a
// page sent the attacker's browser to, query (and a host label) included: the page's choice, with the
// session id it was served to spell there.
test('a navigation error keeps its kind and names no URL', () => {
  const spelled = 'http://s447729b69e6db.example:8080/gone?r=447729b69e6db1fb722d#x'
  const msg = `page.goto: Navigation to "http://127.0.0.1:41234/account" is interrupted by another navigation to "${spelled}"`
  const out = withoutUrls(msg)
  assert.equal(out, `page.goto: Navigation to "${URL_NOT_NAMED}" is interrupted by another navigation to "${URL_NOT_NAMED}"`)
  for (const m of [
    'page.goto: net::ERR_BLOCKED_BY_CLIENT at file:///tmp/x.html?447729b69e6db',
    'page.goto: net::ERR_ABORTED at chrome-error://chromewebdata/?447729b69e6db',
    'navigation to data:text/html,447729b69e6db failed',
    'ws://447729b69e6db.example/ refused',
  ])
    assert.ok(!withoutUrls(m).includes('447729b69e6db'), withoutUrls(m))
  assert.equal(
    withoutUrls('page.reload: Protocol error (Page.reload): Not attached to an active page'),
    'page.reload: Protocol error (Page.reload): Not attached to an active page',
  )
})

// r26r R1/R6: the URL standard leaves a backtick (and `{|}^`, and an apostrophe outside http/https) raw in
// a query, and Chromium sends it so: a URL cut at one of them left the rest of the query, the page's text, in
// the message.
test('a URL does not end at a character a query keeps raw', () => {
  const spelled = '7465726365732d327265746e75482d7770'
  for (const c of ['`', '{', '|', '}', '^', "'"]) {
    const msg = `page.goto: net::ERR_EMPTY_RESPONSE at http://127.0.0.1:40011/2fa?a${c}${spelled}`
    const out = withoutUrls(msg)
    assert.ok(!out.includes(spelled), out)
    assert.equal(out, `page.goto: net::ERR_EMPTY_RESPONSE at ${URL_NOT_NAMED}`)
  }
  const odd = withoutUrls(`navigation to "foo://x/y?a'${spelled}" failed`)
  assert.ok(!odd.includes(spelled), odd)
})
