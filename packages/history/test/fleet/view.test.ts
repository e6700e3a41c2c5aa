import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fleetRows, fleetTags, isOverdue, roundLabel, roundOf } from '../../src/fleet/index.js'
import type { TargetState } from '../../src/index.js'

const HOUR = 3_600_000
const T0 = Date.UTC(2026, 0, 1, 10) // the start of a round of one hour

function state(target: string, extra: Partial<TargetState> = {}): TargetState {
  return { target, status: 'up', recent: [], scans: 0, ...extra }
}

function scanned(
  target: string,
  grade: 'A' | 'B' | 'C' | 'D' | 'F' | null,
  score: number,
  atMs: number,
  extra: Partial<TargetState> = {},
): TargetState {
  const latest = {
    kind: 'scan' as const,
    scanId: `${target}-scan`,
    target,
    startedAt: new Date(atMs).toISOString(),
    finishedAt: new Date(atMs + 1000).toISOString(),
    source: 'monitor' as const,
    score,
    grade: grade as 'A',
    findings: 0,
    bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
  }
  return state(target, {
    latest,
    lastEntryAt: latest.startedAt,
    scans: 1,
    recent: [{ at: latest.startedAt, scanId: latest.scanId, score, grade }],
    ...extra,
  })
}

const reg = (target: string, registeredAt: number, tags: string[] = []) => ({
  target,
  name: target.replace('http://', ''),
  tags,
  everyMs: HOUR,
  registeredAt: new Date(registeredAt).toISOString(),
})

describe('rounds and overdue', () => {
  it('names the same round for every moment inside it, and another for the next', () => {
    assert.equal(roundLabel(T0, HOUR), roundLabel(T0 + HOUR - 1, HOUR))
    assert.notEqual(roundLabel(T0, HOUR), roundLabel(T0 + HOUR, HOUR))
    assert.equal(roundOf(T0 + HOUR, HOUR) - roundOf(T0, HOUR), 1)
  })

  it('calls a target overdue once a whole round went by without an entry, never before', () => {
    const registered = new Date(T0 - 5 * HOUR).toISOString()
    const lastScan = new Date(T0 + 60_000).toISOString() // scanned early in round 0
    assert.equal(isOverdue(registered, HOUR, lastScan, T0 + HOUR - 1), false, 'same round')
    assert.equal(
      isOverdue(registered, HOUR, lastScan, T0 + HOUR + 1),
      false,
      'next round: not scanned yet, but the last round had its scan',
    )
    assert.equal(isOverdue(registered, HOUR, lastScan, T0 + 2 * HOUR + 1), true, 'round 1 went by without a scan')
    assert.equal(isOverdue(registered, HOUR, undefined, T0 + 1), true, 'registered long ago, never scanned')
    const justRegistered = new Date(T0 + 30 * 60_000).toISOString()
    assert.equal(isOverdue(justRegistered, HOUR, undefined, T0 + HOUR - 1), false, 'registered in this round')
    assert.equal(isOverdue(justRegistered, HOUR, undefined, T0 + HOUR + 1), true, 'its first round went by without a scan')
  })
})

describe('fleet rows', () => {
  const now = T0 + 2 * HOUR + 60_000
  const states: TargetState[] = [
    scanned('http://a', 'A', 100, now - 60_000, { registration: reg('http://a', T0 - HOUR, ['payments']) }),
    scanned('http://f', 'F', 20, now - 60_000, { registration: reg('http://f', T0 - HOUR, ['payments', 'eu']) }),
    scanned('http://c', 'C', 72, T0 + 5_000, { registration: reg('http://c', T0 - HOUR, ['eu']) }), // missed round 1: overdue
    scanned('http://null', null, 0, now - 60_000), // a scan that proved nothing gradeable
    state('http://new', { status: 'never', registration: reg('http://new', T0 - HOUR) }), // registered, never scanned: overdue
    scanned('http://d', 'D', 61, now - 60_000, {
      recent: [
        { at: new Date(T0).toISOString(), scanId: 'x', score: 90, grade: 'A' },
        { at: new Date(now - 60_000).toISOString(), scanId: 'http://d-scan', score: 61, grade: 'D' },
      ],
    }),
  ]

  it('lists every target worst first, targets without a grade last, and marks the overdue ones', () => {
    const rows = fleetRows(states, now)
    assert.deepEqual(
      rows.map((r) => [r.target, r.grade, r.overdue]),
      [
        ['http://f', 'F', false],
        ['http://d', 'D', false],
        ['http://c', 'C', true],
        ['http://a', 'A', false],
        ['http://null', null, false],
        ['http://new', null, true],
      ],
    )
    const d = rows.find((r) => r.target === 'http://d')!
    assert.equal(d.trend.delta, -29)
    assert.equal(rows.find((r) => r.target === 'http://a')!.trend.delta, undefined)
    assert.equal(rows.find((r) => r.target === 'http://a')!.name, 'a')
  })

  it('filters by a tag from the targets file, or to the overdue targets', () => {
    assert.deepEqual(
      fleetRows(states, now, { tag: 'eu' }).map((r) => r.target),
      ['http://f', 'http://c'],
    )
    assert.deepEqual(
      fleetRows(states, now, { overdueOnly: true }).map((r) => r.target),
      ['http://c', 'http://new'],
    )
    assert.deepEqual(fleetRows(states, now, { tag: 'nope' }), [])
    assert.deepEqual(fleetTags(states), ['eu', 'payments'])
  })
})
