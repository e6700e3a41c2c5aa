import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import ts from 'typescript'

// The scanner's layers point one way. A module may import its own layer and the layers before it,
// never a later one, and no import cycle exists anywhere (report/ included). CONTRIBUTING.md names
// the same layers; a new top-level folder must be placed here before the test passes.

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src')

/** In order: each entry is a layer, its members folder prefixes (ending in /) or file paths, relative to src/. */
const LAYERS: Array<{ name: string; members: Array<string | RegExp> }> = [
  { name: 'base', members: ['errors.ts', 'version.ts', 'text/'] },
  // plain constants (severities, categories, check ids) that even the config schema validates against
  { name: 'vocabulary', members: ['model/vocabulary.ts', /^checks\/[a-z]+\/ids\.ts$/] },
  { name: 'config', members: ['config/'] },
  { name: 'model', members: ['model/'] },
  { name: 'engine', members: ['http/', 'actors/', 'login/', 'target/', 'openapi/', 'tokens/', 'knowledge/'] },
  { name: 'checks', members: ['checks/'] },
  // sessionguard check: parsers, shapes per language, lockfile advisories (after checks: its findings come from the registry)
  { name: 'source', members: ['source/'] },
  { name: 'run', members: ['run/', 'triage/'] },
  { name: 'report', members: ['report/'] },
  { name: 'entry', members: ['index.ts', 'exports/'] },
]
/** Libraries inside the engine layer that must stay pure: they import only earlier layers and themselves. */
const PURE = ['tokens/', 'knowledge/']

function layerOf(file: string): number {
  // a file named exactly (or by pattern) wins over its folder: vocabulary files live inside model/ and checks/
  const exact = LAYERS.findIndex((l) => l.members.some((m) => (typeof m === 'string' ? !m.endsWith('/') && file === m : m.test(file))))
  if (exact >= 0) return exact
  return LAYERS.findIndex((l) => l.members.some((m) => typeof m === 'string' && m.endsWith('/') && file.startsWith(m)))
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name)
    if (e.isDirectory()) walk(full, out)
    else if (e.name.endsWith('.ts')) out.push(relative(src, full).split('\\').join('/'))
  }
  return out
}

/** file → the files of src/ it imports (type-only imports count: they couple the layers just the same). */
export function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of walk(src)) {
    const info = ts.preProcessFile(readFileSync(join(src, file), 'utf8'), true, true)
    const targets = info.importedFiles
      .map((f) => f.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) =>
        relative(src, resolve(dirname(join(src, file)), spec))
          .split('\\')
          .join('/'),
      )
      // modules only: version.ts reads ../package.json, which is data outside src/
      .filter((target) => !target.startsWith('..') && target.endsWith('.js'))
      .map((target) => target.replace(/\.js$/, '.ts'))
    graph.set(file, targets)
  }
  return graph
}

test('every module of the scanner belongs to a layer', () => {
  const unplaced = [...importGraph().keys()].filter((f) => layerOf(f) < 0)
  assert.deepEqual(unplaced, [], 'place these in LAYERS (and in CONTRIBUTING.md)')
})

test('no import runs against the layer order config → model → engine → checks → run → report', () => {
  const graph = importGraph()
  const wrong: string[] = []
  for (const [from, targets] of graph) {
    for (const to of targets) {
      assert.ok(graph.has(to), `${from} imports ${to}, which does not exist`)
      const a = layerOf(from)
      const b = layerOf(to)
      if (b > a) wrong.push(`${from} (${LAYERS[a]!.name}) → ${to} (${LAYERS[b]!.name})`)
      const pure = PURE.find((p) => from.startsWith(p))
      if (pure && b === a && !to.startsWith(pure)) wrong.push(`${from} (pure ${pure}) → ${to}`)
    }
  }
  assert.deepEqual(wrong, [])
})

test('no import cycle, inside a folder or across folders', () => {
  const graph = importGraph()
  const cycles: string[] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (f: string): void => {
    state.set(f, 'open')
    stack.push(f)
    for (const to of graph.get(f) ?? []) {
      if (state.get(to) === 'open') cycles.push([...stack.slice(stack.indexOf(to)), to].join(' → '))
      else if (!state.has(to)) visit(to)
    }
    stack.pop()
    state.set(f, 'done')
  }
  for (const f of [...graph.keys()].sort()) if (!state.has(f)) visit(f)
  assert.deepEqual(cycles, [])
})

test('every check family folder has a test folder of the same name under test/checks, with tests in it', () => {
  const families = readdirSync(join(src, 'checks'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
  const tests = resolve(src, '../test/checks')
  const missing = families.filter((f) => {
    try {
      return !readdirSync(join(tests, f)).some((n) => n.endsWith('.test.ts'))
    } catch {
      return true
    }
  })
  assert.ok(families.length >= 5, families.join(', '))
  assert.deepEqual(missing, [], "add the family's tests under test/checks/<family>/")
})
