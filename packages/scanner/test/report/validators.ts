// Schema validators for the tests: the report's own schema (draft 2020-12) and the SARIF 2.1.0 schema
// that Microsoft's SARIF SDK ships in @microsoft/jest-sarif (sarif-2.1.0-rtm.5.json, the final
// release candidate the OASIS 2.1.0 standard's schema was published from).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Ajv, type ValidateFunction } from 'ajv'
import { Ajv2020 } from 'ajv/dist/2020.js'
import ajvFormats from 'ajv-formats'

const require = createRequire(import.meta.url)
const addFormats = ajvFormats.default

export const REPORT_SCHEMA_PATH = new URL('../../../../docs/report.schema.json', import.meta.url)
export const SARIF_SCHEMA_PATH = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json')

export function loadReportSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as Record<string, unknown>
}

export function reportValidator(): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true })
  addFormats(ajv)
  return ajv.compile(loadReportSchema())
}

export function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8')) as Record<string, unknown>
  // The file is written in draft-04, which ajv 8 no longer reads. It uses no draft-04-only keyword
  // (no boolean exclusiveMinimum/Maximum; "id" only at the root), so renaming the root id and
  // validating as draft-07 checks exactly the same constraints.
  assertNoDraft4Only(schema)
  const { id, $schema: _draft, ...rest } = schema
  // unicodeRegExp off: the schema's "language" pattern has a stray "]" that only a non-unicode
  // (ECMAScript/.NET classic) regex reads as a literal; with it on the official pattern would not compile.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true, unicodeRegExp: false })
  addFormats(ajv)
  return ajv.compile({ ...rest, $id: String(id) })
}

function assertNoDraft4Only(node: unknown, path = '#'): void {
  if (Array.isArray(node)) return node.forEach((n, i) => assertNoDraft4Only(n, `${path}/${i}`))
  if (node === null || typeof node !== 'object') return
  for (const [k, v] of Object.entries(node)) {
    if ((k === 'exclusiveMinimum' || k === 'exclusiveMaximum') && typeof v === 'boolean') {
      throw new Error(`draft-04 keyword at ${path}/${k}: conversion would change meaning`)
    }
    assertNoDraft4Only(v, `${path}/${k}`)
  }
}

export function errorsText(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors?.slice(0, 5), null, 2)
}

/**
 * HAR 1.2 as the npm package har-schema writes it (one draft-06 schema per object, joined by $id).
 * Its own non-standard words ("optional", "min") are not keywords of any draft and are ignored.
 */
export function harValidator(): ValidateFunction {
  const schemas = require('har-schema') as Record<string, Record<string, unknown>>
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true })
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as Record<string, unknown>)
  addFormats(ajv)
  for (const [name, schema] of Object.entries(schemas)) if (name !== 'har') ajv.addSchema(schema)
  return ajv.compile(schemas.har!)
}
