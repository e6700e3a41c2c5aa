// Entry for running the CLI from source (tests, `npm run` scripts): node --conditions=source --import tsx packages/cli/src/run.ts
import { main } from './main.js'

process.exitCode = await main(process.argv)
