import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { z } from 'zod'
import { CHECKS, FORMATS } from '@sessionguard/scanner'
import { explainShape, getScanShape, scanTargetShape } from '../src/input-schema.js'

// The MCP tools' input schemas, as the client sees them (JSON Schema), follow the scanner's registries
// of checks and formats instead of typing them out.
const properties = (shape: z.ZodType): Record<string, { enum?: unknown[] }> =>
  (z.toJSONSchema(shape, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, { enum?: unknown[] }> }).properties

describe('MCP input schemas follow the registries', () => {
  it('explain_finding accepts exactly the registered check ids, in registry order', () => {
    assert.deepEqual(properties(explainShape).check_id?.enum, Object.keys(CHECKS))
  })

  it('scan_target and get_scan offer exactly the report formats', () => {
    for (const shape of [scanTargetShape, getScanShape]) assert.deepEqual(properties(shape).format?.enum, [...FORMATS])
  })
})
