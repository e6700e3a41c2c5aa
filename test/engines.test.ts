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
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; hasInstallScript?: boolean }>
}
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  engines: { node: string }
  allowScripts?: Record<string, boolean | string>
}
const declared = manifest.engines.node

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

test('every locked package with an install script has an allowScripts decision, so npm install warns about none', () => {
  // npm 11 lists, after every install, the dependencies whose install scripts package.json's allowScripts
  // does not cover (npm 12 skips them); an entry is either the name or name@version, true or false
  const allow = manifest.allowScripts ?? {}
  const covered = (name: string, version: string | undefined): boolean =>
    Object.keys(allow).some((key) => key === name || (version !== undefined && key === `${name}@${version}`))
  const pending = Object.entries(lock.packages)
    .filter(([path, p]) => path.includes('node_modules/') && p.hasInstallScript)
    .map(([path, p]) => ({ name: path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length), version: p.version }))
    .filter((p) => !covered(p.name, p.version))
    .map((p) => `${p.name}@${p.version}`)
  assert.deepEqual(pending, [])
  // the two the workspace needs run: esbuild's checks its platform binary (tsx runs on it), classic-level's
  // picks its prebuilt LevelDB binding (dynalite stores through it)
  assert.equal(allow.esbuild, true)
  assert.equal(allow['classic-level'], true)
})
