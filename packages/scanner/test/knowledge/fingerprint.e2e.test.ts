import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { startExpressSession, startFastifySession, startPhpSessions, type TargetApp } from '@sessionguard/testkit'
import type { FrameworkId } from '../../src/model/report.js'
import { fingerprint, type FingerprintInput } from '../../src/knowledge/fingerprint.js'

// Real frameworks on 127.0.0.1: what they answer on the login page and on an unknown path is all the
// fingerprint gets, as in a scan.

async function observe(app: TargetApp): Promise<FingerprintInput> {
  const responses: FingerprintInput['responses'] = []
  const cookieNames = new Set<string>()
  for (const path of ['/login', '/login.php', `/sg-missing-${randomBytes(4).toString('hex')}`]) {
    const res = await fetch(app.url + path, { redirect: 'manual' })
    const headers: Record<string, string | string[]> = {}
    res.headers.forEach((value, name) => {
      if (name !== 'set-cookie') headers[name] = value
    })
    const setCookies = res.headers.getSetCookie()
    if (setCookies.length > 0) headers['set-cookie'] = setCookies
    for (const line of setCookies) cookieNames.add(line.split('=', 1)[0]!)
    responses.push({ url: app.url + path, status: res.status, headers, body: await res.text() })
  }
  return { responses, cookieNames: [...cookieNames] }
}

const cases: Array<{ expect: FrameworkId; start: () => Promise<TargetApp> }> = [
  { expect: 'express', start: () => startExpressSession({ regenerate: true }) },
  { expect: 'fastify', start: () => startFastifySession({ regenerate: true }) },
  { expect: 'php', start: () => startPhpSessions({ mode: 'correct' }) },
]

for (const { expect, start } of cases) {
  test(`a running ${expect} app is fingerprinted as ${expect}`, async (t) => {
    const app = await start()
    t.after(() => app.close())
    const guess = fingerprint(await observe(app))
    assert.equal(guess.id, expect, JSON.stringify(guess))
    assert.notEqual(guess.confidence, 'low', JSON.stringify(guess))
  })
}
