// `sessionguard check` speed on a medium repository: this repository's own packages (TypeScript, the
// Python/Rust/Ruby fixtures included). The peer, measured in the same run over the same files, is the
// TypeScript compiler's parser (ts.createSourceFile) parsing every TS/JS file once: the check parses
// with tree-sitter (WebAssembly) and then follows every handler, so the ratio says what the whole
// check costs against parsing alone with the de facto standard parser.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { checkSource } from '../packages/scanner/src/source/index.js'
import { listProject } from '../packages/scanner/src/source/load.js'

const ROUNDS = 3
const root = fileURLToPath(new URL('../packages/', import.meta.url))

function cpu<T>(f: () => T): { ms: number; value: T } {
  const c = process.cpuUsage()
  const value = f()
  const used = process.cpuUsage(c)
  return { ms: (used.user + used.system) / 1000, value }
}

async function cpuAsync<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const c = process.cpuUsage()
  const value = await f()
  const used = process.cpuUsage(c)
  return { ms: (used.user + used.system) / 1000, value }
}

export default async function run(): Promise<void> {
  const listing = await listProject(root)
  const tsFiles = listing.sources.filter((s) => s.language === 'typescript' || s.language === 'tsx' || s.language === 'javascript')
  const texts = tsFiles.map((s) => ({ path: s.path, text: readFileSync(join(root, s.path), 'utf8') }))
  // warm both (the grammars' WebAssembly compiles once per process; the TS parser's code JITs)
  await checkSource(root)
  for (const t of texts) ts.createSourceFile(t.path, t.text, ts.ScriptTarget.Latest, false)

  const check: number[] = []
  let lines = 0
  let files = 0
  for (let i = 0; i < ROUNDS; i++) {
    const r = await cpuAsync(() => checkSource(root))
    check.push(r.ms)
    lines = r.value.summary.lines
    files = r.value.summary.files
  }
  const peer: number[] = []
  for (let i = 0; i < ROUNDS; i++)
    peer.push(cpu(() => texts.forEach((t) => ts.createSourceFile(t.path, t.text, ts.ScriptTarget.Latest, false))).ms)
  const tsLines = texts.reduce((n, t) => n + t.text.split('\n').length, 0)
  const best = (xs: number[]): number => Math.min(...xs)
  const per10k = (best(check) / lines) * 10_000
  const peerPer10k = (best(peer) / tsLines) * 10_000
  console.log(`corpus: packages/ — ${files} files, ${lines} lines (${tsFiles.length} TS/JS files, ${tsLines} lines for the peer)`)
  console.log(`sessionguard check (parse + handlers + shapes + lockfiles): ${per10k.toFixed(0)} ms CPU per 10k lines (best of ${ROUNDS})`)
  console.log(`peer, ts.createSourceFile parse only:                     ${peerPer10k.toFixed(0)} ms CPU per 10k lines`)
  console.log(`ratio: the whole check costs ${(per10k / peerPer10k).toFixed(2)}x the TypeScript parser's parse alone`)
}
