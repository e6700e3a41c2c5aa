import { z } from 'zod'
import { configSchema } from './schema.js'

/** Where the committed schema file is served: the same URL as the README's editor modeline, so the id resolves to the schema. */
export const CONFIG_SCHEMA_ID = 'https://raw.githubusercontent.com/sessionguard/sessionguard/main/docs/sessionguard.schema.json'

/**
 * The JSON Schema of sessionguard.yml, derived from the one zod schema the loader validates with, so
 * editors complete and check exactly what the scanner accepts. Input side: what a user writes
 * (durations as "10s" or milliseconds, defaults optional).
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>
  return {
    $schema: schema.$schema,
    $id: CONFIG_SCHEMA_ID,
    title: 'sessionguard.yml',
    description: 'Configuration of a sessionguard scan (sessionguard scan --config FILE). Values may use ${ENV} and ${ENV:-default}.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  }
}
