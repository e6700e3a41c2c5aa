// The monitor's interval uses the scanner's duration syntax (issue 13) and adds one rule of its own:
// an interval must be positive, and anything that is not a number or a string is refused.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatInterval, parseInterval } from '../../src/monitor/duration.js'

test('parseInterval: the scanner syntax, positive only', () => {
  for (const [input, ms] of [
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['30s', 30_000],
    ['500ms', 500],
    [' 2 d ', 172_800_000],
    ['1500', 1500],
    [1500, 1500],
    [0.5, 0.5],
  ] as const)
    assert.equal(parseInterval(input), ms, JSON.stringify(input))
  for (const bad of [
    0,
    '0',
    '0s',
    '0.0004s',
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    '',
    'soon',
    '-5m',
    '1e3',
    null,
    undefined,
    true,
    {},
    ['15m'],
  ])
    assert.equal(parseInterval(bad), undefined, JSON.stringify(bad))
})

test('formatInterval: the largest whole unit', () => {
  assert.equal(formatInterval(900_000), '15m')
  assert.equal(formatInterval(90_000), '90s')
  assert.equal(formatInterval(1500), '1500ms')
  assert.equal(formatInterval(86_400_000), '1d')
})
