// Three `sessionguard monitor --once --shard i/3` processes against DynamoDB Local and 60 loopback
// targets. Each target is a front on 127.0.0.1 that forwards to a real app (express-session, safe or
// not rotating the id at login) or holds its requests; rounds are one hour, and each worker runs with
// its clock shifted into the round the test wants (helpers/shifted-clock.mjs), so nothing waits for time.
//   round A: every target scanned exactly once across the workers (baseline);
//   round B: five targets regress; shard 0 runs twice at once; shard 1 is killed while a target holds it:
//            one alert per regression, one scan per target, none of the rest of shard 1;
//   then:    the targets shard 1 never reached are OVERDUE in `history` and in the dashboard;
//   round C: shard 1 runs again and scans them; nothing is overdue any more.
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, request, type IncomingMessage, type Server } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { roundOf, selectShard, targetKey, type FleetRow } from '@sessionguard/history'
import { createHistoryTable, DynamoHistoryStore } from '@sessionguard/history/dynamodb'
import { startDashboard } from '@sessionguard/history/server'
import {
  listen,
  repoRoot,
  startDynamoDBLocal,
  startExpressSession,
  type RunningDynamoDB,
  type RunningServer,
  type TargetApp,
} from '@sessionguard/testkit'
import { startReceiver, type Receiver } from '../../history/test/helpers/webhook-receiver.js'

const HOUR = 3_600_000
const TABLE = 'sg-fleet'
const CLOCK = join(repoRoot, 'packages/cli/test/helpers/shifted-clock.mjs')

type Mode = 'safe' | 'vulnerable' | 'hold'
interface Front {
  url: string
  key: string
  mode: Mode
  server: RunningServer
}

let db: RunningDynamoDB
let client: DynamoDBClient
let safe: TargetApp
let vulnerable: TargetApp
let receiver: Receiver
let dir: string
const fronts: Front[] = []
const held: IncomingMessage[] = []
let onHeld: (() => void) | undefined
const roundA = Math.ceil(Date.now() / HOUR) * HOUR + 1000 // 1 s into the next hour, in every worker's clock
const children = new Set<ChildProcess>()

function startFront(front: Omit<Front, 'url' | 'key' | 'server'>): Promise<RunningServer> {
  const server: Server = createServer((req, res) => {
    if (front.mode === 'hold') {
      held.push(req)
      onHeld?.()
      return
    }
    const up = new URL((front.mode === 'safe' ? safe : vulnerable).url)
    const fwd = request(
      { host: up.hostname, port: up.port, method: req.method, path: req.url, headers: { ...req.headers, host: up.host } },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers)
        r.pipe(res)
      },
    )
    fwd.on('error', () => res.destroy())
    req.pipe(fwd)
  })
  return listen(server)
}

before(async () => {
  db = await startDynamoDBLocal()
  client = new DynamoDBClient({ endpoint: db.endpoint, region: db.region, credentials: db.credentials })
  await createHistoryTable(client, TABLE)
  safe = await startExpressSession({ regenerate: true })
  vulnerable = await startExpressSession({ regenerate: false })
  receiver = await startReceiver()
  dir = await mkdtemp(join(tmpdir(), 'sg-fleet-shards-'))
  for (let i = 0; i < 60; i++) {
    const f = { mode: 'safe' as Mode }
    const server = await startFront(f)
    fronts.push(Object.assign(f, { url: server.url, key: targetKey(server.url), server }))
  }
  const targets = fronts.map((f, i) => ({
    ...safe.config,
    target: f.url,
    name: `app-${String(i).padStart(2, '0')}`,
    tags: [i % 2 ? 'odd' : 'even'],
    every: '1h',
    tokens: { samples: 0 },
  }))
  await writeFile(join(dir, 'targets.yml'), JSON.stringify({ targets }))
  shares = [0, 1, 2].map((index) => selectShard(fronts, { index, count: 3 }))
  holdAt = Math.floor(shares[1]!.length / 2)
})

after(async () => {
  for (const c of children) c.kill('SIGKILL')
  for (const r of held) r.socket.destroy()
  for (const f of fronts) await f.server.close()
  await safe?.close()
  await vulnerable?.close()
  await receiver?.close()
  client?.destroy()
  await db?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

function worker(
  args: string[],
  clockMs: number,
): { child: ChildProcess; done: Promise<{ code: number | null; out: string; stdout: string }> } {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--import', CLOCK, join(repoRoot, 'packages/cli/src/run.ts'), ...args],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        NO_COLOR: '1',
        SG_TEST_CLOCK_OFFSET_MS: String(clockMs - Date.now()),
        AWS_ACCESS_KEY_ID: db.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: db.credentials.secretAccessKey,
        AWS_REGION: db.region,
        AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  children.add(child)
  let out = ''
  let stdout = ''
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString()
    stdout += c.toString()
  })
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()))
  const done = new Promise<{ code: number | null; out: string; stdout: string }>((ok) =>
    child.on('close', (code) => {
      children.delete(child)
      ok({ code, out, stdout })
    }),
  )
  return { child, done }
}

const monitorArgs = (shard: string, concurrency = 2) => [
  'monitor',
  '--once',
  '--config',
  join(dir, 'targets.yml'),
  '--table',
  TABLE,
  '--shard',
  shard,
  '--fleet',
  'test-fleet',
  '--concurrency',
  String(concurrency),
  '--webhook',
  receiver.url,
  '--retries',
  '1',
]

/** Entries (scans and outages) per target in the round that starts at `roundStartMs`. */
async function entriesIn(roundStartMs: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>(fronts.map((f) => [f.key, 0]))
  for (const e of await new DynamoHistoryStore({ client, table: TABLE }).list()) {
    const time = Date.parse(e.kind === 'scan' ? e.startedAt : e.at)
    if (roundOf(time, HOUR) === roundOf(roundStartMs, HOUR)) counts.set(e.target, (counts.get(e.target) ?? 0) + 1)
  }
  return counts
}

let shares: Front[][] = []
// shard 1 is killed while its middle target holds it; with --concurrency 1 it scans in file order
let holdAt = 0
const regressed = () => [shares[0]![0]!, shares[0]![1]!, shares[2]![0]!, shares[2]![1]!, shares[1]![0]!]

describe('three sharded workers on one DynamoDB history', () => {
  it('round A: every target is scanned exactly once across the three workers', async () => {
    assert.ok(
      shares.every((s) => s.length >= 10),
      `uneven shares: ${shares.map((s) => s.length).join(', ')}`,
    )
    const runs = ['0/3', '1/3', '2/3'].map((s) => worker(monitorArgs(s), roundA))
    const results = await Promise.all(runs.map((r) => r.done))
    for (const r of results) assert.equal(r.code, 0, r.out)
    const counts = await entriesIn(roundA)
    assert.deepEqual(
      [...counts.values()].filter((n) => n !== 1),
      [],
      'one entry per target',
    )
    assert.equal(receiver.received.length, 0)
  })

  it('round B: one alert per regression, one scan per target even with shard 0 twice, and a killed shard 1 stops where it was', async () => {
    for (const f of regressed()) f.mode = 'vulnerable'
    const hold = shares[1]![holdAt]!
    hold.mode = 'hold'
    const roundB = roundA + HOUR
    const gotHeld = new Promise<void>((ok) => (onHeld = ok))
    const others = [worker(monitorArgs('0/3'), roundB), worker(monitorArgs('0/3'), roundB), worker(monitorArgs('2/3'), roundB)]
    const one = worker(monitorArgs('1/3', 1), roundB)
    await gotHeld
    one.child.kill('SIGKILL')
    await one.done
    // the killed worker's connection goes, and the app answers again for the next round
    for (const r of held.splice(0)) r.socket.destroy()
    hold.mode = 'safe'
    const results = await Promise.all(others.map((r) => r.done))
    for (const r of results) assert.ok(r.code === 0 || r.code === 1, r.out)
    assert.ok(
      results.some((r) => /already scanned or being scanned in round/.test(r.out)),
      'the second shard-0 worker found the claims taken',
    )

    const counts = await entriesIn(roundB)
    for (const f of [...shares[0]!, ...shares[2]!]) assert.equal(counts.get(f.key), 1, `${f.url} in round B`)
    shares[1]!.forEach((f, i) => assert.equal(counts.get(f.key), i < holdAt ? 1 : 0, `shard 1 target ${i} (held at ${holdAt})`))

    const alerts = receiver.received.map((r) => r.body as { kind: string; target: string })
    assert.deepEqual(
      alerts.map((a) => a.kind),
      regressed().map(() => 'regression'),
    )
    assert.deepEqual(
      alerts.map((a) => targetKey(a.target)).sort(),
      regressed()
        .map((f) => f.key)
        .sort(),
      'exactly one alert per regressed target',
    )
  })

  it('after round B: the targets the killed worker never reached are OVERDUE in history and in the dashboard', async () => {
    const roundC = roundA + 2 * HOUR
    const missed = shares[1]!
      .slice(holdAt)
      .map((f) => f.key)
      .sort()
    const fleet = worker(['history', '--fleet', '--overdue', '--format', 'json', '--table', TABLE], roundC)
    const { code, out, stdout } = await fleet.done
    assert.equal(code, 0, out)
    const rows = JSON.parse(stdout) as FleetRow[]
    assert.deepEqual(rows.map((r) => r.target).sort(), missed)
    assert.ok(rows.every((r) => r.shard === '1/3' && r.overdue))
    const listing = await worker(['history', '--table', TABLE], roundC).done
    assert.match(listing.out, new RegExp(`OVERDUE: ${missed.length} targets missed a whole round`))

    const offset = roundC - Date.now()
    const dash = await startDashboard({ store: new DynamoHistoryStore({ client, table: TABLE }), now: () => Date.now() + offset })
    try {
      const res = await fetch(`${dash.url}/api/fleet`, { headers: { authorization: `Bearer ${dash.token}` } })
      const body = (await res.json()) as { rows: FleetRow[] }
      assert.equal(body.rows.length, 60)
      assert.deepEqual(
        body.rows
          .filter((r) => r.overdue)
          .map((r) => r.target)
          .sort(),
        missed,
      )
    } finally {
      await dash.close()
    }
  })

  it('round C: the restarted worker scans them, every target once, and nothing is overdue', async () => {
    const roundC = roundA + 2 * HOUR
    const runs = ['0/3', '1/3', '2/3'].map((s) => worker(monitorArgs(s), roundC))
    for (const r of await Promise.all(runs.map((w) => w.done))) assert.ok(r.code === 0 || r.code === 1, r.out)
    const counts = await entriesIn(roundC)
    assert.deepEqual(
      [...counts.values()].filter((n) => n !== 1),
      [],
      'one entry per target',
    )
    const overdue = await worker(['history', '--fleet', '--overdue', '--format', 'json', '--table', TABLE], roundC + 60_000).done
    assert.deepEqual(JSON.parse(overdue.stdout), [])
    assert.equal(receiver.received.length, regressed().length, 'no alert repeated')
  })
})
