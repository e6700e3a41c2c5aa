// The GitHub Action's entry (npm run build:action bundles this file into action/index.mjs; see build.ts).
import { annotation } from './workflow-commands.js'
import { runAction } from './run.js'

try {
  process.exitCode = await runAction()
} catch (err) {
  // Anything unexpected still ends as the CLI's "scan error" with a readable annotation, never a bare stack.
  process.stdout.write(annotation('error', `sessionguard action failed: ${err instanceof Error ? err.message : String(err)}`))
  if (process.env.SG_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`)
  process.exitCode = 3
}
