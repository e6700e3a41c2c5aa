// The dashboard's fleet view in Debian's chromium: 55 targets (past the size where every card is drawn),
// names and tags from a targets file that a hostile hand wrote, an overdue target, one never scanned,
// one whose latest scan has no grade. Writes test-artifacts/dashboard-fleet.png for a human look.
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { openChromium, repoRoot } from '@sessionguard/testkit'
import { FileHistoryStore } from '../src/store/index.js'
import { startDashboard, type RunningDashboard } from '../src/server/index.js'
import { buildReport } from './helpers/report-builder.js'

const DAY = 86_400_000
const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">shop'
const HOSTILE_TAG = '"><script>window.__pwned=2</script>'
const url = (i: number) => `http://127.0.0.1:${9000 + i}`
const OVERDUE = url(1)
const NEVER = url(2)
const UNGRADED = url(3)
const WORST = url(4)
const HOSTILE = url(5)

let dataDir: string
let profileDir: string
let dash: RunningDashboard
let context: BrowserContext
let page: Page
const errors: string[] = []

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sg-fleet-dash-'))
  profileDir = await mkdtemp(join(tmpdir(), 'sg-chromium-'))
  const store = new FileHistoryStore(dataDir)
  const now = Date.now()
  const iso = (ms: number) => new Date(ms).toISOString()
  await store.register(
    Array.from({ length: 55 }, (_, i) => ({
      target: url(i),
      name: i === 5 ? HOSTILE_NAME : `app-${String(i).padStart(2, '0')}`,
      tags: i === 5 ? ['payments', HOSTILE_TAG] : i % 3 === 0 ? ['payments'] : ['blog'],
      everyMs: DAY,
      shard: `${i % 3}/3`,
    })),
    iso(now - 10 * DAY),
  )
  for (let i = 0; i < 55; i++) {
    if (i === 2) continue // registered, never scanned: overdue too
    // scores spread so that the order is known: the worst is url(4)
    const score = i === 4 ? 12 : 60 + ((i * 7) % 41)
    const when = i === 1 ? now - 3 * DAY : now - 60_000
    await store.save(buildReport({ target: url(i), startedAt: iso(when - DAY / 2), score: Math.min(100, score + 20) }), {
      source: 'monitor',
    })
    const report = buildReport({ target: url(i), startedAt: iso(when), score })
    // a report that proved nothing to grade (the shape a report without evidence has): shown as "—"
    if (i === 3) (report.score as { grade: unknown }).grade = null
    await store.save(report, { source: 'monitor' })
  }
  dash = await startDashboard({ store })
  context = await openChromium(profileDir, { width: 1280, height: 1000 })
  page = context.pages()[0] ?? (await context.newPage())
  await page.route('**/*', (route) => (route.request().url().startsWith(dash.url) ? route.continue() : route.abort()))
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('401')) errors.push(m.text())
  })
})

after(async () => {
  await context?.close()
  await dash?.close()
  await rm(dataDir, { recursive: true, force: true })
  await rm(profileDir, { recursive: true, force: true })
})

const rowTargets = () => page.locator('#fleet tr.fleet-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-target')))

describe('fleet view in chromium', () => {
  it('lists every target worst first, ungraded ones after the graded, and marks the overdue ones', async () => {
    await page.goto(dash.openUrl)
    await page.waitForSelector('body[data-ready="true"]')
    const targets = await rowTargets()
    assert.equal(targets.length, 55)
    assert.equal(targets[0], WORST)
    const grades = await page.locator('#fleet tr.fleet-row .grade').allTextContents()
    const rank = (g: string) => ('FDCBA'.includes(g) ? 'FDCBA'.indexOf(g) : 5)
    assert.deepEqual(
      grades.map(rank),
      [...grades.map(rank)].sort((a, b) => a - b),
      'worst first',
    )
    assert.equal(await page.locator(`#fleet tr[data-target="${UNGRADED}"] .grade`).textContent(), '—')
    assert.ok(targets.indexOf(UNGRADED) > targets.indexOf(url(10)), 'no grade sorts after the graded targets')
    const overdue = await page.locator('#fleet tr.overdue').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-target')))
    assert.deepEqual(overdue.sort(), [OVERDUE, NEVER].sort())
    assert.match((await page.locator('#fleet-summary').textContent()) ?? '', /55 targets · 2 overdue · 0 down/)
    assert.match((await page.locator(`#fleet tr[data-target="${NEVER}"] .fleet-state`).textContent()) ?? '', /OVERDUE.*never scanned/)
    // the trend: the newest score against the one before
    assert.match((await page.locator(`#fleet tr[data-target="${WORST}"] .fleet-trend`).textContent()) ?? '', /▼ -20/)
    assert.equal(await page.locator(`#fleet tr[data-target="${WORST}"] svg.sparkline`).getAttribute('data-points'), '2')
  })

  it('shows names and tags from the targets file as text, never as markup', async () => {
    const row = page.locator(`#fleet tr[data-target="${HOSTILE}"]`)
    assert.equal(await row.locator('.fleet-name').textContent(), HOSTILE_NAME)
    assert.deepEqual(await row.locator('.tag').allTextContents(), ['payments', HOSTILE_TAG])
    assert.equal(await page.locator('#fleet img, #fleet script, #fleet-section script').count(), 0)
    assert.ok((await page.locator('#tag-filter option').allTextContents()).includes(HOSTILE_TAG))
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined)
  })

  it('filters by a tag, and keeps the filter in the address for a reload', async () => {
    await page.selectOption('#tag-filter', 'payments')
    const tagged = await rowTargets()
    assert.equal(tagged.length, 20) // 0, 3, …, 54 and the hostile one
    assert.ok(tagged.includes(HOSTILE))
    assert.match(page.url(), /[?&]tag=payments(&|$)/)
    assert.match(page.url(), /[?&]token=/)
    await page.reload()
    await page.waitForSelector('body[data-ready="true"]')
    assert.equal((await rowTargets()).length, 20)
    await page.check('#overdue-only')
    assert.deepEqual(await rowTargets(), [])
    await page.selectOption('#tag-filter', '')
    assert.deepEqual((await rowTargets()).sort(), [OVERDUE, NEVER].sort())
    await page.uncheck('#overdue-only')
  })

  it('opens a target from its row: its card, charts and scans, drawn from its own history only', async () => {
    await page.locator(`#fleet tr[data-target="${WORST}"]`).click()
    await page.waitForSelector(`.target-card[data-target="${WORST}"]`)
    assert.equal(await page.locator('.target-card').count(), 1, 'a large fleet draws the chosen card only')
    assert.equal(await page.locator(`.target-card[data-target="${WORST}"] svg.score-chart circle.point`).count(), 2)
    // the scans table is drawn after the card, from a second request
    await page.waitForFunction((t) => document.getElementById('scans-target')?.textContent === t, WORST)
    assert.equal(await page.locator('#scans-target').textContent(), WORST)
    await page.locator('#fleet-section').scrollIntoViewIfNeeded()
    const out = join(repoRoot, 'test-artifacts')
    await mkdir(out, { recursive: true })
    await page.screenshot({ path: join(out, 'dashboard-fleet.png'), fullPage: false })
    assert.deepEqual(errors, [])
  })

  it('keeps the access token: the page and the fleet API refuse a request without it', async () => {
    const res = await page.request.get(`${dash.url}/api/fleet`)
    assert.equal(res.status(), 401)
    const wrong = await page.request.get(`${dash.url}/api/fleet?token=wrong`)
    assert.equal(wrong.status(), 401)
    assert.equal((await page.request.get(`${dash.url}/`)).status(), 401)
    const ok = await page.request.get(`${dash.url}/api/fleet`, { headers: { authorization: `Bearer ${dash.token}` } })
    assert.equal(ok.status(), 200)
    assert.equal(((await ok.json()) as { rows: unknown[] }).rows.length, 55)
  })
})
