import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { test } from 'node:test'
import { repoRoot } from '@sessionguard/testkit'
import { isSessionguardError } from '@sessionguard/scanner'

// docs/errors.md is the error catalogue: every code a package's source uses must have a row, every row
// must name a code that exists, and a row's exit code / HTTP status must be what the class carries.

const PACKAGES = ['scanner', 'cli', 'mcp', 'history', 'session']
/** Modules that define error classes, by package; the classes are built with dummy arguments to read their code and outcome. */
const ERROR_MODULES: Record<string, string> = {
  scanner: 'packages/scanner/src/errors.ts',
  history: 'packages/history/src/errors.ts',
  mcp: 'packages/mcp/src/errors.ts',
  session: 'packages/session/src/errors.ts',
}

/** SG_* names that are not error codes: the example environment variable of the help texts. */
const NOT_ERROR_CODES = new Set(['SG_PASSWORD'])

interface Row {
  code: string
  pkg: string
  exit: string
  status: string
}

async function catalogue(): Promise<Map<string, Row>> {
  const text = await readFile(join(repoRoot, 'docs/errors.md'), 'utf8')
  const rows = new Map<string, Row>()
  for (const m of text.matchAll(/^\| `(SG_[A-Z0-9_]+)` \| (\w+) \| [^|]+ \| ([^|]+) \| ([^|]+) \|/gm)) {
    assert.equal(rows.has(m[1]!), false, `${m[1]} is listed twice`)
    rows.set(m[1]!, { code: m[1]!, pkg: m[2]!, exit: m[3]!.trim(), status: m[4]!.trim() })
  }
  return rows
}

async function sources(dir: string, out: string[] = []): Promise<string[]> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, e.name)
    if (e.isDirectory()) await sources(full, out)
    else if (e.name.endsWith('.ts')) out.push(full)
  }
  return out
}

/** Every SG_* string literal in a package's source: error codes (environment variables are read as process.env.SG_*, never quoted). */
async function codesInSource(): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  for (const pkg of PACKAGES) {
    for (const file of await sources(join(repoRoot, 'packages', pkg, 'src'))) {
      for (const m of (await readFile(file, 'utf8')).matchAll(/['"`](SG_[A-Z0-9_]+)['"`]/g))
        if (!NOT_ERROR_CODES.has(m[1]!)) found.set(m[1]!, relative(repoRoot, file))
    }
  }
  return found
}

test('every SG_* code used in a package is in docs/errors.md, and every row names a code in use', async () => {
  const rows = await catalogue()
  const used = await codesInSource()
  assert.ok(used.size >= 20, `found only ${used.size} codes: the source scan is broken`)
  for (const [code, file] of used) assert.ok(rows.has(code), `${code} (used in ${file}) is not documented in docs/errors.md`)
  for (const code of rows.keys()) assert.ok(used.has(code), `docs/errors.md lists ${code}, which no package uses`)
})

test("each documented exit code and HTTP status is the one the code's class carries, and the classes are branded", async () => {
  const rows = await catalogue()
  const seen = new Set<string>()
  for (const [pkg, path] of Object.entries(ERROR_MODULES)) {
    const mod = (await import(join(repoRoot, path))) as Record<string, unknown>
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value !== 'function' || !(value.prototype instanceof Error)) continue
      let err: { code?: unknown; exitCode?: unknown; statusCode?: unknown }
      try {
        err = new (value as new (...a: unknown[]) => typeof err)('x')
      } catch {
        continue
      }
      if (typeof err.code !== 'string' || !err.code.startsWith('SG_')) continue
      const row = rows.get(err.code)
      assert.ok(row, `${pkg} ${name} throws ${err.code}, which docs/errors.md does not list`)
      assert.equal(row.pkg, pkg, `${err.code}: package`)
      assert.equal(row.exit, err.exitCode === undefined ? '–' : String(err.exitCode), `${err.code}: exit code`)
      assert.equal(row.status, err.statusCode === undefined ? '–' : String(err.statusCode), `${err.code}: HTTP status`)
      // every package's errors carry the brand, the standalone session library's included
      assert.ok(isSessionguardError(err), `${name} is not branded with Symbol.for('sessionguard.error')`)
      seen.add(err.code)
    }
  }
  for (const row of rows.values())
    if (row.code !== 'SG_MCP_INTERNAL') assert.ok(seen.has(row.code), `${row.code}: no error class carries it`)
})

test('every description of exit code 1 names the three reasons the gate fails: findings, a score, a required check that did not run', async () => {
  const places = ['docs/errors.md', 'README.md', 'docs/github-action.md']
  for (const file of places) {
    const text = (await readFile(join(repoRoot, file), 'utf8')).replace(/\s+/g, ' ')
    const exit1 = /\*\*1\*\*(.*?)·|\b1 findings(.*?)·/.exec(text)
    assert.ok(exit1, `${file} describes exit code 1`)
    const said = exit1[0]
    assert.match(said, /finding/, `${file}: ${said}`)
    assert.match(said, /threshold/, `${file}: ${said}`)
    assert.match(said, /requir/, `${file}: ${said}`)
  }
})
