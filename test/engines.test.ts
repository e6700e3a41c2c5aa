// `npm install` on the Node version the workspace declares prints no engine warnings: npm warns
// exactly when an installed package's engines.node does not admit the running Node, and the lock
// file records every package's engines, so the check needs no install.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import semver from 'semver'

const root = new URL('../', import.meta.url)
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>
}
const declared = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } }).engines.node

test('every locked package admits the lowest Node the workspace declares', () => {
  const lowest = semver.minVersion(declared)?.version
  assert.ok(lowest, `engines.node ${declared} has a lowest version`)
  const refused = Object.entries(lock.packages)
    .filter(([, p]) => p.engines && !Array.isArray(p.engines) && p.engines.node && !semver.satisfies(lowest, p.engines.node))
    .map(([path, p]) => `${path}@${p.version} wants node ${(p.engines as { node: string }).node}`)
  assert.deepEqual(refused, [], `npm install on Node ${lowest} would warn`)
})

test('cookie 2 (Node >= 22) is replaced by 1.1.1, which has the same functions', () => {
  const overridden = Object.entries(lock.packages).filter(([path]) => path.endsWith('node_modules/cookie'))
  assert.ok(
    overridden.every(([, p]) => !p.version?.startsWith('2.')),
    JSON.stringify(overridden),
  )
  // what @fastify/cookie and light-my-request call: they import these by name
  for (const user of ['@fastify/cookie', 'light-my-request']) {
    const load = createRequire(new URL(`node_modules/${user}/package.json`, root))
    const cookie = load('cookie') as Record<string, unknown>
    for (const fn of ['parseCookie', 'stringifySetCookie']) assert.equal(typeof cookie[fn], 'function', `${user}: cookie.${fn}`)
  }
})
