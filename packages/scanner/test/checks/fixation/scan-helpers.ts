// What the fixation e2e tests of sessions that no ordinary page hands out share: the outcomes they
// compare, the request budget every scan must keep, the shape of a proof, and the browser hygiene.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before } from 'node:test'
import type { CheckId, ScanReport } from '@sessionguard/scanner'
import type * as apps from '@sessionguard/testkit'
import { leftAfter } from '../../browser/processes.js'

export const FIXATION: CheckId[] = ['SG-FIX-ADOPT', 'SG-PERMISSIVE', 'SG-FIX-LOGIN', 'SG-FIX-OLDID']
export const ids = (r: ScanReport): string[] => [...new Set(r.findings.map((f) => f.id))].sort()
export const statuses = (r: ScanReport): Record<string, string> =>
  Object.fromEntries(r.checks.filter((c) => FIXATION.includes(c.id)).map((c) => [c.id, c.status]))
/** What these apps' cookies earn over plain http, whatever their sessions do. */
export const http = ['SG-COOKIE-SECURE', 'SG-COOKIE-PREFIX']

/** Marks this file's browsers (they inherit the environment) and checks none outlives its scans. */
export function noBrowserLeftBehind(): void {
  const marker = `SG_BROWSER_TEST=${randomUUID()}`
  before(() => {
    const [k, v] = marker.split('=') as [string, string]
    process.env[k] = v
  })
  after(async () => {
    assert.deepEqual(await leftAfter(marker), [], 'no chromium process outlives the scans')
  })
}

/**
 * Browser discovery that visits several pages: a time budget a loaded test machine cannot exhaust (the
 * default 30 s is the product's choice, not what these tests are about); its page budget stays 10.
 */
export const ROOMY = { time: '5m' }

export function withLogin(
  app: apps.TargetApp,
  login: Record<string, unknown>,
  rest: Record<string, unknown> = {},
): Record<string, unknown> {
  const cfg = structuredClone(app.config) as Record<string, unknown> & { login: Record<string, unknown> }
  return { ...cfg, ...rest, login: { ...cfg.login, ...login } }
}

export function assertWithinBudget(report: ScanReport): void {
  const pre = report.session.preLogin!
  assert.ok(
    report.requestCount <= 60 + pre.budget,
    `within 60 requests plus the discovery budget (${pre.budget}), used ${report.requestCount}`,
  )
  if (pre.browser) {
    assert.ok(pre.browser.pages <= pre.browser.pageBudget + 2, `browser pages ${pre.browser.pages} of ${pre.browser.pageBudget}`)
    assert.ok(pre.browser.timeBudgetMs > 0)
  }
}

/** The proof of a fixation finding starts with the attacker where the id was issued and ends with the attacker inside. */
export function assertProof(report: ScanReport, id: CheckId, firstPath: string, issuing?: string): void {
  const f = report.findings.find((x) => x.id === id)!
  assert.equal(f.confidence, 'confirmed')
  const first = f.evidence[0]!
  assert.equal(first.actor, 'attacker')
  assert.equal(new URL(first.request.url).pathname, firstPath)
  if (issuing) {
    const [method, path] = issuing.split(' ') as [string, string]
    assert.ok(
      f.evidence.some((x) => x.actor === 'attacker' && x.request.method === method && new URL(x.request.url).pathname === path),
      `the proof names the request that issued the id (${issuing})`,
    )
  }
  const last = f.evidence.at(-1)!
  assert.equal(last.actor, 'attacker')
  assert.ok(last.response && last.response.status >= 200 && last.response.status < 300)
}
