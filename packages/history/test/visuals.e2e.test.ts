// What a user sees, in Debian's chromium: the dashboard at desktop and phone width (findings by
// severity beside the score, a favicon, comparisons across targets labelled as such) and the HTML
// report (failed checks in red with their details, category bars coloured by score). Screenshots go
// to test-artifacts/ for a human look.
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, describe, it } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import { openChromium, repoRoot } from '@sessionguard/testkit'
import { render } from '@sessionguard/scanner'
import { FileHistoryStore } from '../src/store/index.js'
import { startDashboard, type RunningDashboard } from '../src/server/index.js'
import { at, buildReport } from './helpers/report-builder.js'

const SHOP = 'http://127.0.0.1:7101'
const BLOG = 'http://127.0.0.1:7102'
const artifacts = join(repoRoot, 'test-artifacts')

let dataDir: string
let profileDir: string
let dash: RunningDashboard
let context: BrowserContext
let page: Page
const ids: Record<string, string[]> = { [SHOP]: [], [BLOG]: [] }

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sg-visuals-'))
  profileDir = await mkdtemp(join(tmpdir(), 'sg-chromium-'))
  await mkdir(artifacts, { recursive: true })
  const store = new FileHistoryStore(dataDir)
  const shop = [
    buildReport({ target: SHOP, startedAt: at(0), findings: [{ id: 'SG-COOKIE-SECURE' }, { id: 'SG-FIX-LOGIN' }, { id: 'SG-LOGOUT' }] }),
    buildReport({ target: SHOP, startedAt: at(60), findings: [{ id: 'SG-COOKIE-SECURE' }, { id: 'SG-LOGOUT' }] }),
    buildReport({ target: SHOP, startedAt: at(120), findings: [{ id: 'SG-COOKIE-SECURE' }] }),
  ]
  const blog = [buildReport({ target: BLOG, startedAt: at(30), findings: [{ id: 'SG-FIX-ADOPT' }] })]
  for (const r of [...shop, ...blog]) {
    await store.save(r, { source: 'cli' })
    ids[r.target]!.push(r.scanId)
  }
  dash = await startDashboard({ store })
  context = await openChromium(profileDir, { width: 1280, height: 1100 })
  page = context.pages()[0] ?? (await context.newPage())
  await page.route('**/*', (route) =>
    route.request().url().startsWith(dash.url) || route.request().url().startsWith('file:') ? route.continue() : route.abort(),
  )
})

after(async () => {
  await context?.close()
  await dash?.close()
  await rm(dataDir, { recursive: true, force: true })
  await rm(profileDir, { recursive: true, force: true })
})

describe('dashboard visuals', () => {
  it('draws findings by severity beside the score line, one stacked bar per scan', async () => {
    await page.goto(dash.openUrl)
    await page.waitForSelector('body[data-ready="true"]')
    const card = page.locator(`.target-card[data-target="${SHOP}"]`)
    const bars = card.locator('svg.severity-chart rect.sev-bar')
    const counts = await bars.evaluateAll((rs) => rs.map((r) => `${r.getAttribute('data-severity')}:${r.getAttribute('data-count')}`))
    // builder severities: SG-FIX-LOGIN high, SG-LOGOUT medium, SG-COOKIE-SECURE low-ish; three scans, 3 + 2 + 1 findings
    const total = counts.reduce((n, c) => n + Number(c.split(':')[1]), 0)
    assert.equal(total, 6, counts.join(' '))
    const score = await card.locator('svg.score-chart:not(.severity-chart)').boundingBox()
    const sev = await card.locator('svg.severity-chart').boundingBox()
    assert.ok(score && sev && Math.abs(score.y - sev.y) < 5 && sev.x > score.x, 'side by side at desktop width')
    await page.screenshot({ path: join(artifacts, 'dashboard-desktop.png'), fullPage: true })
  })

  it('has a favicon', async () => {
    const href = await page.locator('link[rel="icon"]').getAttribute('href')
    const res = await page.request.get(`${dash.url}${href}`)
    assert.equal(res.status(), 200)
    assert.match(res.headers()['content-type'] ?? '', /image\/svg\+xml/)
    assert.match(await res.text(), /^<svg /)
    assert.equal((await page.request.get(`${dash.url}/favicon.ico`)).status(), 200)
  })

  it('says "different targets" when two targets are compared, and not "regression"', async () => {
    await page.selectOption('#diff-a', ids[BLOG]![0]!)
    await page.selectOption('#diff-b', ids[SHOP]![2]!)
    await page.click('#diff-run')
    await page.waitForSelector('.diff-summary')
    assert.match(
      (await page.locator('.diff-warning').textContent()) ?? '',
      /different targets: http:\/\/127\.0\.0\.1:7102\/? and http:\/\/127\.0\.0\.1:7101/,
    )
    assert.match((await page.locator('.diff-summary').textContent()) ?? '', /not comparable as a regression/)
    await page.selectOption('#diff-a', ids[SHOP]![0]!)
    await page.selectOption('#diff-b', ids[SHOP]![2]!)
    await page.click('#diff-run')
    await page.waitForFunction(() => !document.querySelector('.diff-warning'))
    assert.match((await page.locator('.diff-summary').textContent()) ?? '', /no regression/)
  })

  it('fits a phone: no sideways scrolling of the page at 390 px, charts stacked', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(dash.openUrl)
    await page.waitForSelector('body[data-ready="true"]')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`)
    const card = page.locator(`.target-card[data-target="${SHOP}"]`)
    const score = await card.locator('svg.score-chart:not(.severity-chart)').boundingBox()
    const sev = await card.locator('svg.severity-chart').boundingBox()
    assert.ok(score && sev && sev.y > score.y + score.height - 2, 'charts stack on a phone')
    assert.ok(score.width > 250, 'charts use the width')
    await page.screenshot({ path: join(artifacts, 'dashboard-phone.png'), fullPage: true })
    await page.setViewportSize({ width: 1280, height: 1100 })
  })
})

describe('HTML report visuals', () => {
  it('shows failed checks in red with their findings, and category bars coloured by score', async () => {
    const report = buildReport({ target: SHOP, startedAt: at(200), findings: [{ id: 'SG-COOKIE-SECURE' }, { id: 'SG-FIX-LOGIN' }] })
    const file = join(dataDir, 'report.html')
    await writeFile(file, render(report, 'html'))
    await page.goto(pathToFileURL(file).href)
    const row = page.locator('#checks tr.row-failed', { hasText: 'SG-COOKIE-SECURE' })
    assert.equal(await row.count(), 1)
    const color = await row.locator('td.status-failed').evaluate((td) => getComputedStyle(td).color)
    assert.equal(color, 'rgb(198, 40, 40)', 'failed status is red')
    const finding = report.findings.find((f) => f.id === 'SG-COOKIE-SECURE')!
    const detail = (await row.locator('td').nth(3).textContent()) ?? ''
    assert.ok(detail.includes(finding.title) && detail.includes(finding.carrier!.name), detail)
    assert.equal(await page.locator('#checks tr.row-passed td.status-failed').count(), 0)
    const bars = await page.locator('#scores .cat').evaluateAll((cats) =>
      cats.map((c) => ({
        score: Number(c.getAttribute('data-score')),
        color: getComputedStyle(c.querySelector('.bar span')!).backgroundColor,
      })),
    )
    const colour = (score: number) => bars.find((b) => b.score === score)?.color
    for (const b of bars) {
      const want = b.score >= 90 ? 'rgb(46, 125, 50)' : b.score >= 70 ? 'rgb(178, 106, 0)' : 'rgb(198, 40, 40)'
      assert.equal(b.color, want, `score ${b.score}`)
    }
    assert.ok(
      bars.some((b) => b.score < 90),
      'the sample has a category below 90',
    )
    assert.ok(colour(100) === undefined || colour(100) === 'rgb(46, 125, 50)')
    await page.screenshot({ path: join(artifacts, 'report-checks.png'), fullPage: true })
  })
})
