// Writes docs/checks.md from the check catalogue. Run after changing catalogue.ts:
//   node --conditions=source --import tsx scripts/gen-checks-doc.ts
// A test (packages/scanner/test/knowledge/checks-doc.test.ts) fails while the file is stale.
import { writeFileSync } from 'node:fs'
import { checksTableMarkdown } from '../packages/scanner/src/checks/docs-table.js'

const target = new URL('../docs/checks.md', import.meta.url)
writeFileSync(target, checksTableMarkdown())
console.log(`wrote ${target.pathname}`)
