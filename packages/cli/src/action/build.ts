// Bundles the Action's entry and everything it imports into one ESM file, the only form a
// `runs: using: node24` action can take: the runner checks out the repository at the tag and runs
// `node <main>` with no npm install. The output (action/index.mjs, outside the npm package) is
// committed; `npm run build:action` rewrites it and a test fails when it is stale.
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { GRAMMAR_FILES, installedWasmPaths } from '@sessionguard/scanner/source'

const here = dirname(fileURLToPath(import.meta.url))
export const ACTION_ENTRY = resolve(here, 'main.ts')
/** Where action.yml's `main` points (relative to the repository root: action/index.mjs). */
const repoRoot = resolve(here, '../../../..')
export const ACTION_BUNDLE = resolve(repoRoot, 'action/index.mjs')

const PACKAGE_JSON_READ = /require\((['"])(\.{1,2}\/(?:[^'"]*\/)?package\.json)\1\)/g

/**
 * version.ts files read their package.json at run time, relative to the module; in a bundle that
 * path no longer exists, so the JSON is inlined at build time.
 */
const inlinePackageJson: Plugin = {
  name: 'inline-package-json',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8')
      const replaced = await Promise.all(
        [...source.matchAll(PACKAGE_JSON_READ)].map(
          async (m) => [m[0], await readFile(resolve(dirname(args.path), m[2]!), 'utf8')] as const,
        ),
      )
      let contents = source
      for (const [call, json] of replaced) contents = contents.replace(call, `(${JSON.stringify(JSON.parse(json))})`)
      return { contents, loader: 'ts' }
    })
  },
}

export async function buildActionBundle(outfile: string = ACTION_BUNDLE): Promise<{ outfile: string; bytes: number }> {
  await build({
    entryPoints: [ACTION_ENTRY],
    // module paths in the bundle are relative to this, so the output is the same from any working directory
    absWorkingDir: repoRoot,
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // The workspace packages are bundled from their TypeScript sources: no `npm run build` first.
    conditions: ['source'],
    // a browser login needs the runner's own Chromium and playwright-core; the bundle never carries them
    external: ['playwright-core'],
    legalComments: 'eof',
    // Smaller to download with every run; identifiers stay readable for stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    plugins: [inlinePackageJson],
    banner: {
      // CommonJS dependencies inside an ESM bundle still call require() for Node's built-ins.
      js: "import { createRequire as __sgCreateRequire } from 'node:module';\nglobalThis.require ??= __sgCreateRequire(import.meta.url);",
    },
  })
  // the source check's WebAssembly runtime and grammars travel beside the bundle (action/grammars/)
  const wasm = installedWasmPaths()
  if (!wasm) throw new Error('the tree-sitter grammars are not installed: npm install first')
  const grammarDir = resolve(dirname(outfile), 'grammars')
  await mkdir(grammarDir, { recursive: true })
  for (const name of GRAMMAR_FILES) await copyFile(wasm[name]!, resolve(grammarDir, name))
  return { outfile, bytes: (await stat(outfile)).size }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = process.argv[2] ? resolve(process.argv[2]) : ACTION_BUNDLE
  const { bytes } = await buildActionBundle(out)
  process.stdout.write(`wrote ${out} (${(bytes / 1024).toFixed(0)} KiB)\n`)
}
