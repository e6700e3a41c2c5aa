// npm run bench [name-filter]: runs every bench/*.bench.ts in turn. Each prints its figures as ratios
// against the peer it measures in the same run (absolute times on shared machines mean little).
import { readdirSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { dirname, join } from 'node:path'

const here = dirname(fileURLToPath(import.meta.url))
const filter = process.argv[2]
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter || f.includes(filter))
  .sort()

let failed = 0
for (const file of files) {
  console.log(`\n=== ${file.replace('.bench.ts', '')} ===`)
  try {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: () => Promise<void> }
    await mod.default()
  } catch (err) {
    failed++
    console.error(`bench ${file} failed: ${(err as Error).stack ?? err}`)
  }
}
process.exit(failed ? 1 : 0)
