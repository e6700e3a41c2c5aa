import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { runCli } from '@sessionguard/testkit'
import { buildProgram } from '../src/main.js'

const src = join(dirname(fileURLToPath(import.meta.url)), '../src')

/** Bare modules reached through static imports only (what runs before any subcommand is chosen). */
function staticImports(entry: string): Set<string> {
  const bare = new Set<string>()
  const seen = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    // `import x from 'y'`, `import type` excluded (erased), `export … from 'y'`; dynamic import() is not matched
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
      const spec = m[1] ?? m[2]!
      if (spec.startsWith('.')) visit(join(dirname(file), spec.replace(/\.js$/, '.ts')))
      else bare.add(spec)
    }
  }
  visit(entry)
  return bare
}

test('--version and the command list load none of the scanner, history or MCP packages', () => {
  const reached = [...staticImports(join(src, 'run.ts'))]
  assert.deepEqual(
    reached.filter((s) => s.startsWith('@sessionguard/')),
    [],
    reached.join(', '),
  )
  assert.ok(reached.includes('commander'))
})

test('the command list shows every command with the description its module gives it', async () => {
  const full = await buildProgram()
  const listed = await buildProgram(['node', 'sessionguard', '--help'])
  const describe = (p: typeof full) => Object.fromEntries(p.commands.map((c) => [c.name(), c.description()]))
  assert.deepEqual(describe(listed), describe(full))
  assert.deepEqual(Object.keys(describe(full)).sort(), ['dashboard', 'diff', 'history', 'mcp', 'monitor', 'scan', 'tokens'])
})

test('--version answers, and a subcommand still gets its full help', async () => {
  const version = await runCli(['--version'])
  assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(src, '../package.json'), 'utf8')).version)
  const help = await runCli(['help', 'scan'])
  assert.equal(help.code, 0)
  assert.match(help.stdout, /--fail-on <severity>\s+exit 1 when a finding of this severity or worse is found \(default: high\)/)
})

test('every example in the help that goes on over several lines ends each of them with a line continuation', async () => {
  const program = await buildProgram()
  for (const cmd of program.commands) {
    let help = ''
    cmd.configureOutput({ writeOut: (s) => void (help += s), writeErr: () => undefined })
    cmd.outputHelp()
    const examples =
      help
        .split(/\nExamples:\n/)[1]
        ?.split('\n\n')[0]
        ?.split('\n') ?? []
    for (const [i, line] of examples.entries()) {
      // a backslash before the line break inside the source's template literal swallows the break: the indent is left in the line
      assert.doesNotMatch(line.trim(), / {3,}/, `${cmd.name()} --help: two example lines run together: ${line}`)
      const next = examples[i + 1]
      // an example's next line is more indented than the command itself: the shell must be told it goes on
      if (next !== undefined && next.search(/\S/) > line.search(/\S/)) assert.match(line, /\\$/, `${cmd.name()} --help: ${line}`)
    }
  }
})
