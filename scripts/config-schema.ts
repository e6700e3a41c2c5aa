// Writes docs/sessionguard.schema.json from the config's zod schema: npm run config-schema.
// test/config-schema.test.ts fails when the committed file is not what this would write.
import { writeFileSync } from 'node:fs'
import { configJsonSchema } from '../packages/scanner/src/config/json-schema.js'

export const CONFIG_SCHEMA_FILE = new URL('../docs/sessionguard.schema.json', import.meta.url)

export function configSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(CONFIG_SCHEMA_FILE, configSchemaText())
  process.stdout.write(`wrote ${CONFIG_SCHEMA_FILE.pathname}\n`)
}
