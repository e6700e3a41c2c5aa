import assert from 'node:assert/strict'
import { test } from 'node:test'
import { explainShape, FRAMEWORK_IDS } from '../src/input-schema.js'
import { fingerprint, remediationFor } from '@sessionguard/scanner/knowledge'

test('explain_finding accepts every framework the knowledge base writes advice for, and nothing else', () => {
  for (const fw of ['koa', 'hono', 'nestjs', 'nextjs', 'express', 'generic']) assert.ok(FRAMEWORK_IDS.includes(fw as never), fw)
  for (const fw of FRAMEWORK_IDS) {
    assert.ok(explainShape.safeParse({ check_id: 'SG-FIX-LOGIN', framework: fw }).success, fw)
    assert.equal(remediationFor('SG-FIX-LOGIN', fw).framework, fw, `${fw} has its own advice`)
  }
  assert.equal(explainShape.safeParse({ check_id: 'SG-FIX-LOGIN', framework: 'cobol' }).success, false)
  // and every framework the fingerprint can name is one of them
  assert.ok(FRAMEWORK_IDS.includes(fingerprint({ responses: [], cookieNames: ['koa.sess'] }).id))
})
