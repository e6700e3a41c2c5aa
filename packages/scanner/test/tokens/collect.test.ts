import { test } from 'node:test'
import assert from 'node:assert/strict'
import { collectTokens } from '../../src/tokens/index.js'

const tick = (): Promise<void> => new Promise((r) => setImmediate(r))

test('collects the requested number of ids with at most `concurrency` calls in flight, duplicates kept', async () => {
  let inFlight = 0
  let peak = 0
  let n = 0
  const progress: number[] = []
  const tokens = await collectTokens(
    async () => {
      inFlight++
      peak = Math.max(peak, inFlight)
      await tick()
      inFlight--
      return `id-${n++ % 10}`
    },
    { samples: 50, concurrency: 4, onProgress: (c, total) => progress.push(c * 1000 + total) },
  )
  assert.equal(tokens.length, 50)
  assert.equal(peak, 4)
  assert.equal(new Set(tokens).size, 10)
  assert.deepEqual(
    progress,
    Array.from({ length: 50 }, (_, i) => (i + 1) * 1000 + 50),
  )
})

test('stops starting requests on abort and resolves with what it has', async () => {
  const ctl = new AbortController()
  let calls = 0
  const tokens = await collectTokens(
    async () => {
      calls++
      if (calls === 5) ctl.abort()
      await tick()
      return String(calls)
    },
    { samples: 1000, concurrency: 2, signal: ctl.signal },
  )
  assert.ok(calls <= 6, `${calls} calls`)
  assert.ok(tokens.length < 5)
})

test('a target that issues no id ends the collection instead of looping', async () => {
  let calls = 0
  const tokens = await collectTokens(
    async () => {
      calls++
      return calls % 3 === 0 ? 'x' : undefined
    },
    { samples: 30, concurrency: 3 },
  )
  assert.equal(calls, 60)
  assert.equal(tokens.length, 20)
})

test('an error from fetchOne rejects the collection', async () => {
  let calls = 0
  await assert.rejects(
    collectTokens(
      async () => {
        if (++calls === 7) throw new Error('connection reset')
        await tick()
        return 'id'
      },
      { samples: 100, concurrency: 3 },
    ),
    /connection reset/,
  )
  assert.ok(calls < 20)
})
