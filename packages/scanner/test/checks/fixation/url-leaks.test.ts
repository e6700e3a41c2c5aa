import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Observation } from '../../../src/http/client.js'
import { findUrlLeak, heldBy } from '../../../src/checks/fixation/url-leaks.js'

// SG-URL's leak half on hand-made traffic: the server's own URLs count, the scanner's own URL handed
// back (in any escaping) does not. The end-to-end tests on Django and Flask are in url-reflection.e2e.test.ts.

const T = 'http://127.0.0.1:8000'
const ID = 'k3v9x1qzr8m2p7w4t6y0b5n3'

function obs(url: string, opts: { location?: string; links?: string[]; status?: number } = {}): Observation {
  return {
    actor: 'scanner',
    method: 'GET',
    url: `${T}${url}`,
    status: opts.status ?? (opts.location ? 302 : 200),
    headers: opts.location ? { location: opts.location } : {},
    body: '',
    links: opts.links ?? [],
    setCookies: [],
  }
}

test("a login redirect that echoes the scanner's own request URL into ?next= is not a leak", () => {
  const traffic = [
    obs('/login'),
    obs(`/account?sessionid=${ID}`, { location: `/login/?next=/account%3Fsessionid%3D${ID}` }),
    obs(`/login/?next=/account%3Fsessionid%3D${ID}`, { links: [`/login/?next=/account%3Fsessionid%3D${ID}`] }),
  ]
  assert.equal(findUrlLeak(traffic, [ID]), undefined)
})

test('nor is the echo escaped twice, as HTML references, or followed after the login to the stored next URL', () => {
  const traffic = [
    obs(`/account/?sessionid=${ID}`, { location: `/sso?return=%252Faccount%252F%253Fsessionid%253D${ID}` }),
    obs('/page', { links: [`/login?next=%2Faccount%3Fsessionid%3D${ID}&amp;lang=en`] }),
    // the login form carried next in a hidden field: its redirect names a URL the scanner never requested itself
    obs('/login', { location: `/account/?sessionid=${ID}` }),
  ]
  assert.equal(findUrlLeak(traffic, [ID]), undefined)
})

test('a value the scanner sent percent-encoded is its own when the server hands it back decoded', () => {
  const id = 'ab+cd/efgh=ijkl'
  const traffic = [obs(`/account?sid=${encodeURIComponent(id)}`, { location: `/login?next=/account?sid=${id}` })]
  assert.equal(findUrlLeak(traffic, [id]), undefined)
})

test('an id the server wrote into a URL before any URL of the scanner held it is a leak, escaped or not', () => {
  const jsession = [obs('/app/', { location: `/app/login;jsessionid=${ID}` }), obs(`/app/login;jsessionid=${ID}`)]
  const leak = findUrlLeak(jsession, [ID])
  assert.equal(leak?.where, 'location')
  assert.equal(leak?.observation.url, `${T}/app/`)
  const linked = findUrlLeak([obs('/account', { links: [`/share?u=%2Fdoc%3Fsid%3D${ID}`] })], [ID])
  assert.equal(linked?.where, 'link')
  assert.equal(linked?.url, `/share?u=%2Fdoc%3Fsid%3D${ID}`)
})

test("the scanner's own URL for one id does not hide the server leaking another", () => {
  const other = 'q8w7e6r5t4y3u2i1o0p9a8s7'
  const traffic = [
    obs(`/account?sessionid=${ID}`, { location: `/login?next=/account%3Fsessionid%3D${ID}` }),
    obs('/welcome', { links: [`/doc?sid=${other}`] }),
  ]
  assert.equal(findUrlLeak(traffic, [ID, other])?.url, `/doc?sid=${other}`)
})

test('heldBy finds an id as given, percent-encoded once or twice, and not a different one', () => {
  assert.deepEqual(heldBy(`/x?a=${ID}`, [ID]), [ID])
  assert.deepEqual(heldBy(`/x?a=%252F${ID}`, [ID]), [ID])
  assert.deepEqual(heldBy('/x?a=%2Fab%2Bcd', ['ab+cd']), ['ab+cd'])
  assert.deepEqual(heldBy('/x?a=k3v9x1qzr8m2p7w4', [ID]), [])
})
