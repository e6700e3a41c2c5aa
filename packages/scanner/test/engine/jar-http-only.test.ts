import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Jar } from '../../src/http/jar.js'
import { plantedCookies } from '../../src/login/browser/planted-cookies.js'

const url = 'http://127.0.0.1:1/'
const view = (jar: Jar): Record<string, [string, boolean]> =>
  Object.fromEntries(plantedCookies(jar, url).map((c) => [c.name, [c.value, c.httpOnly]]))

// r27br S1: what a browser is given to plant keeps the target's HttpOnly, and what the scanner chose
// itself is not readable by a page script. The jar states the facts; the planting decides.
test('cookies planted into a browser keep the target HttpOnly, and a cookie the scanner chose is HttpOnly', () => {
  const jar = new Jar()
  jar.store(['sid=a1; Path=/; HttpOnly', 'XSRF-TOKEN=t1; Path=/'], url)
  jar.set('sid', 'planted', url)
  jar.set('XSRF-TOKEN', 't2', url)
  jar.set('invented', 'i1', url)
  assert.deepEqual(
    Object.fromEntries(jar.forBrowser(url).map((c) => [c.name, [c.httpOnly, c.chosen]])),
    { sid: [true, false], 'XSRF-TOKEN': [false, false], invented: [false, true] },
    'the jar says what the target set and what the scanner chose, not what a browser should hide',
  )
  assert.deepEqual(view(jar), { sid: ['planted', true], 'XSRF-TOKEN': ['t2', false], invented: ['i1', true] })
  assert.deepEqual(view(jar.only(['sid', 'XSRF-TOKEN', 'invented'], url)), view(jar))
  assert.deepEqual(view(jar.clone()), view(jar))
  // HttpOnly hides a cookie from scripts, not from the scanner's own requests
  assert.equal(jar.header(url).split('; ').sort().join('; '), 'XSRF-TOKEN=t2; invented=i1; sid=planted')
})

// r29br C1: the operator's request.cookies (a consent banner's, an A/B flag, a locale) are read by the
// page's own scripts; planted HttpOnly, the banner stayed over the login form.
test('a cookie the operator supplied is planted as given, readable by page scripts', () => {
  const jar = new Jar()
  jar.give('consent', 'yes', url)
  assert.deepEqual(view(jar), { consent: ['yes', false] })
  assert.deepEqual(view(jar.clone()), { consent: ['yes', false] })
  // a value a check plants over it is the scanner's choice again; one the target sets is the target's
  jar.set('consent', 'planted', url)
  assert.deepEqual(view(jar), { consent: ['planted', true] })
  jar.store(['consent=no; Path=/'], url)
  assert.deepEqual(view(jar), { consent: ['no', false] })
  jar.set('consent', 'again', url)
  assert.deepEqual(view(jar), { consent: ['again', false] })
})
