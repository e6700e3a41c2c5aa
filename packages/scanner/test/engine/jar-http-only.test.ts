import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Jar } from '../../src/http/jar.js'

// r27br S1: what a browser is given to plant must keep the target's HttpOnly, and what the scanner
// chose itself must not be readable by a page script.
test('cookies planted into a browser keep the target HttpOnly, and a cookie the scanner chose is HttpOnly', () => {
  const url = 'http://127.0.0.1:1/'
  const jar = new Jar()
  jar.store(['sid=a1; Path=/; HttpOnly', 'XSRF-TOKEN=t1; Path=/'], url)
  jar.set('sid', 'planted', url)
  jar.set('XSRF-TOKEN', 't2', url)
  jar.set('invented', 'i1', url)
  const seen = Object.fromEntries(jar.forBrowser(url).map((c) => [c.name, [c.value, c.httpOnly]]))
  assert.deepEqual(seen, { sid: ['planted', true], 'XSRF-TOKEN': ['t2', false], invented: ['i1', true] })
  const only = Object.fromEntries(
    jar
      .only(['sid', 'XSRF-TOKEN'], url)
      .forBrowser(url)
      .map((c) => [c.name, c.httpOnly]),
  )
  assert.deepEqual(only, { sid: true, 'XSRF-TOKEN': false })
  // HttpOnly hides a cookie from scripts, not from the scanner's own requests
  assert.equal(jar.header(url).split('; ').sort().join('; '), 'XSRF-TOKEN=t2; invented=i1; sid=planted')
})
