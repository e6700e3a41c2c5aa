// Writes docs/checks.md from the check registry. Run after changing a family's meta.ts or checks/needs.ts:
//   node --conditions=source --import tsx scripts/gen-checks-doc.ts
// A test (packages/scanner/test/checks/checks-doc.test.ts) fails while the file is stale.
import { writeFileSync } from 'node:fs'
import { checksTableMarkdown } from '../packages/scanner/src/checks/docs-table.js'

const target = new URL('../docs/checks.md', import.meta.url)
writeFileSync(target, checksTableMarkdown())
console.log(`wrote ${target.pathname}`)
