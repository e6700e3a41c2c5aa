// The dashboard in a real browser (Debian's chromium through playwright-core): seeded history in,
// page out. Writes test-artifacts/dashboard.png for a human look.
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { openChromium, repoRoot } from '@sessionguard/testkit'
import { FileHistoryStore } from '../src/store/index.js'
import { startDashboard, type RunningDashboard } from '../src/server/index.js'
import { at, buildReport, exchange, tokenSummary } from './helpers/report-builder.js'

const SHOP = 'http://127.0.0.1:7001'
const ADMIN = 'http://127.0.0.1:7002'
const HOSTILE = '<img src=x onerror="window.__pwned=1">'
// a real 4×3 PNG, as a browser-login scan stores the attacker's screenshot
const PNG_4X3 = 'iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEElEQVR4nGM4IScHRww4OQD1xwwxB+utmQAAAABJRU5ErkJggg=='

let dataDir: string
let profileDir: string
let dash: RunningDashboard
let context: BrowserContext
let page: Page
const shopScans: string[] = []
const grades: Record<string, string> = {}

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sg-dash-e2e-'))
  profileDir = await mkdtemp(join(tmpdir(), 'sg-chromium-'))
  const store = new FileHistoryStore(dataDir)
  // shop gets worse then better; admin is steady and then goes down
  const shop = [
    buildReport({ target: SHOP, startedAt: at(0), findings: [{ id: 'SG-COOKIE-SECURE' }] }),
    buildReport({ target: SHOP, startedAt: at(60), findings: [{ id: 'SG-COOKIE-SECURE' }, { id: 'SG-COOKIE-HTTPONLY' }] }),
    buildReport({
      target: SHOP,
      startedAt: at(120),
      findings: [
        { id: 'SG-COOKIE-SECURE' },
        {
          id: 'SG-FIX-LOGIN',
          title: `Session fixation at login ${HOSTILE}`,
          evidence: [
            exchange('victim', 'POST', 'http://127.0.0.1:7001/login', 302, { note: `victim logs in carrying the planted id ${HOSTILE}` }),
          ],
        },
      ],
      tokens: tokenSummary(24),
    }),
    buildReport({
      target: SHOP,
      startedAt: at(180),
      findings: [
        { id: 'SG-COOKIE-SECURE' },
        {
          // a browser-login scan: the attacker's browser pictured on the check URL; a tampered picture next to it must not render
          id: 'SG-FIX-ADOPT',
          evidence: [
            exchange('attacker', 'GET', 'http://127.0.0.1:7001/account', 200, {
              screenshot: { mediaType: 'image/png', data: PNG_4X3, width: 4, height: 3, text: 'Welcome alice' },
            }),
            exchange('attacker', 'GET', 'http://127.0.0.1:7001/account', 200, {
              screenshot: {
                mediaType: 'image/svg+xml' as 'image/png',
                data: 'PHN2Zz48L3N2Zz4=" onerror="window.__pwned=2',
                width: 4,
                height: 3,
                text: '',
              },
            }),
          ],
        },
      ],
    }),
  ]
  const admin = [
    buildReport({ target: ADMIN, startedAt: at(30) }),
    buildReport({ target: ADMIN, startedAt: at(90), findings: [{ id: 'SG-LOGOUT' }] }),
  ]
  for (const r of [...shop, ...admin]) await store.save(r, { source: 'monitor' })
  await store.recordOutage({
    target: ADMIN,
    at: at(150),
    source: 'monitor',
    error: 'connect ECONNREFUSED 127.0.0.1:7002',
    code: 'SG_TARGET_UNREACHABLE',
    attempts: 4,
  })
  shopScans.push(...shop.map((r) => r.scanId))
  grades[SHOP] = shop.at(-1)!.score.grade ?? '—'
  grades[ADMIN] = admin.at(-1)!.score.grade ?? '—'
  dash = await startDashboard({ store })

  // a persistent context on a fresh, empty profile dir: nothing carried over from other runs
  context = await openChromium(profileDir, { width: 1280, height: 1400 })
  page = context.pages()[0] ?? (await context.newPage())
  // the page must not reach anything but the dashboard itself
  await page.route('**/*', (route) => (route.request().url().startsWith(dash.url) ? route.continue() : route.abort()))
})

after(async () => {
  await context?.close()
  await dash?.close()
  await rm(dataDir, { recursive: true, force: true })
  await rm(profileDir, { recursive: true, force: true })
})

describe('dashboard in chromium', () => {
  const external: string[] = []
  const errors: string[] = []

  it('shows the seeded targets with their current grade and a DOWN mark', async () => {
    page.on('request', (r) => {
      if (!r.url().startsWith(dash.url)) external.push(r.url())
    })
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await page.goto(dash.openUrl)
    await page.waitForSelector('body[data-ready="true"]')
    const cards = page.locator('.target-card')
    assert.equal(await cards.count(), 2)
    for (const [target, grade] of Object.entries(grades)) {
      const card = page.locator(`.target-card[data-target="${target}"]`)
      assert.equal((await card.locator('.target-name').textContent())?.trim(), target)
      assert.equal((await card.locator('.grade').textContent())?.trim(), grade)
    }
    assert.equal(await page.locator(`.target-card[data-target="${ADMIN}"] .status-down`).count(), 1)
    assert.equal(await page.locator(`.target-card[data-target="${SHOP}"] .status-down`).count(), 0)
  })

  it('draws one chart point per scan and an outage tick', async () => {
    assert.equal(await page.locator(`.target-card[data-target="${SHOP}"] svg.score-chart circle.point`).count(), 4)
    assert.equal(await page.locator(`.target-card[data-target="${ADMIN}"] svg.score-chart circle.point`).count(), 2)
    assert.equal(await page.locator(`.target-card[data-target="${ADMIN}"] svg.score-chart line.outage`).count(), 1)
    const box = await page.locator(`.target-card[data-target="${SHOP}"] svg.score-chart`).boundingBox()
    assert.ok(box && box.width > 100 && box.height > 30, 'the chart has a size on screen')
  })

  it('opens a scan from the chart and shows a finding evidence on click, as text', async () => {
    await page.locator(`.target-card[data-target="${SHOP}"] circle.point[data-scan-id="${shopScans[2]}"]`).click()
    await page.waitForFunction((id) => document.getElementById('scan-title')?.textContent === id, shopScans[2])
    const finding = page.locator('.finding[data-check-id="SG-FIX-LOGIN"]')
    const evidence = finding.locator('.evidence')
    assert.equal(await evidence.isVisible(), false)
    await finding.locator('.finding-toggle').click()
    assert.equal(await evidence.isVisible(), true)
    assert.match((await evidence.textContent()) ?? '', /POST http:\/\/127\.0\.0\.1:7001\/login/)
    // hostile evidence is shown literally, never run
    assert.ok(((await finding.locator('.finding-title').textContent()) ?? '').includes(HOSTILE))
    assert.ok(((await evidence.textContent()) ?? '').includes(HOSTILE))
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined)
    assert.equal(await page.locator('.finding img').count(), 0)
  })

  it("shows the attacker's screenshot in the finding view, and only a PNG", async () => {
    await page.locator(`.target-card[data-target="${SHOP}"] circle.point[data-scan-id="${shopScans[3]}"]`).click()
    await page.waitForFunction((id) => document.getElementById('scan-title')?.textContent === id, shopScans[3])
    const finding = page.locator('.finding[data-check-id="SG-FIX-ADOPT"]')
    await finding.locator('.finding-toggle').click()
    const imgs = finding.locator('.evidence figure.screenshot img')
    assert.equal(await imgs.count(), 1, 'the tampered picture is not shown')
    const shown = await imgs.first().evaluate((e: HTMLImageElement) => ({ complete: e.complete, w: e.naturalWidth, h: e.naturalHeight }))
    assert.deepEqual(shown, { complete: true, w: 4, h: 3 })
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined)
    await page.locator(`.target-card[data-target="${SHOP}"] circle.point[data-scan-id="${shopScans[2]}"]`).click()
    await page.waitForFunction((id) => document.getElementById('scan-title')?.textContent === id, shopScans[2])
  })

  it('plots token entropy per position for a scan that sampled tokens', async () => {
    assert.equal(await page.locator('svg.entropy-chart rect.bar').count(), 24)
  })

  it('compares two chosen scans', async () => {
    await page.selectOption('#diff-a', shopScans[0]!)
    await page.selectOption('#diff-b', shopScans[2]!)
    await page.click('#diff-run')
    await page.waitForSelector('#diff-result .diff-summary')
    const newIds = await page.locator('#diff-result .diff-new .check-id').allTextContents()
    assert.deepEqual(newIds, ['SG-FIX-LOGIN'])
    assert.deepEqual(await page.locator('#diff-result .diff-fixed li').count(), 0)
    assert.deepEqual(await page.locator('#diff-result .diff-unchanged .check-id').allTextContents(), ['SG-COOKIE-SECURE'])
    assert.match((await page.locator('#diff-result .diff-summary').textContent()) ?? '', /REGRESSION/)
  })

  it('offers the scans of the other target in the diff pickers too', async () => {
    const groups = await page
      .locator('#diff-a optgroup')
      .evaluateAll((gs) => gs.map((g) => [g.getAttribute('label'), g.querySelectorAll('option').length]))
    assert.deepEqual(groups, [
      [SHOP, 4],
      [ADMIN, 2],
    ])
  })

  it('loaded nothing from outside and raised no script errors; writes a screenshot', async () => {
    await page.locator(`.target-card[data-target="${SHOP}"] circle.point[data-scan-id="${shopScans[2]}"]`).scrollIntoViewIfNeeded()
    const out = join(repoRoot, 'test-artifacts')
    await mkdir(out, { recursive: true })
    await page.screenshot({ path: join(out, 'dashboard.png'), fullPage: true })
    assert.deepEqual(external, [])
    assert.deepEqual(errors, [])
  })
})
