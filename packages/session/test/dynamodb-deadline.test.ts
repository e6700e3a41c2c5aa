import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { test } from 'node:test'
import { Deadline } from '../src/stores/dynamodb/deadline.js'

// The signal the DynamoDB store hands the AWS SDK for each call: the SDK listens through
// add/removeEventListener where it finds them, else through onabort; both must behave like a DOM signal.

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms))

test('at the deadline every listener and onabort run once, with a TimeoutError reason', async () => {
  const d = new Deadline(20)
  const calls: string[] = []
  const a = () => calls.push('a')
  d.addEventListener('abort', a)
  d.addEventListener('abort', a)
  d.addEventListener('abort', () => calls.push('b'))
  d.onabort = () => calls.push('onabort')
  assert.equal(d.aborted, false)
  assert.doesNotThrow(() => d.throwIfAborted())
  await tick(60)
  assert.deepEqual(calls, ['a', 'b', 'onabort'])
  assert.equal(d.aborted, true)
  assert.equal((d.reason as DOMException).name, 'TimeoutError')
  assert.throws(
    () => d.throwIfAborted(),
    (e: unknown) => (e as DOMException).name === 'TimeoutError',
  )
})

test('a removed listener does not run, and nothing runs once the deadline is cleared', async () => {
  const removed = new Deadline(20)
  let ran = 0
  const listener = () => ran++
  removed.addEventListener('abort', listener)
  removed.removeEventListener('abort', listener)
  const cleared = new Deadline(20)
  cleared.addEventListener('abort', () => ran++)
  cleared.onabort = () => ran++
  cleared.clear()
  await tick(60)
  assert.equal(ran, 0)
  assert.equal(cleared.aborted, false)
  assert.equal(removed.aborted, true)
})

test('a throwing listener does not keep the others from running; its error is reported as uncaught', () => {
  // in a child process: the test runner would take the uncaught error for a failure of its own
  const script = `
    import { Deadline } from ${JSON.stringify(new URL('../src/stores/dynamodb/deadline.ts', import.meta.url).href)}
    process.on('uncaughtException', (e) => { console.log('uncaught: ' + e.message); process.exit(0) })
    const d = new Deadline(5)
    d.addEventListener('abort', () => { throw new Error('listener failed') })
    d.addEventListener('abort', () => console.log('second listener ran'))
    setTimeout(() => {}, 200)
  `
  const out = execFileSync(process.execPath, ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  })
  assert.deepEqual(out.trim().split('\n'), ['second listener ran', 'uncaught: listener failed'])
})

test('race() rejects at the deadline with the TimeoutError, whatever the work does; a settled race is left alone', async () => {
  const never = new Deadline(20)
  await assert.rejects(never.race(new Promise(() => {})), (e: unknown) => (e as DOMException).name === 'TimeoutError')
  const settled = new Deadline(20)
  assert.equal(await settled.race(Promise.resolve('done')), 'done')
  settled.clear()
  await tick(40)
  assert.equal(settled.aborted, false)
})

test('a listener removed by an earlier listener does not run', async () => {
  const d = new Deadline(10)
  const ran: string[] = []
  const second = () => ran.push('second')
  d.addEventListener('abort', () => {
    ran.push('first')
    d.removeEventListener('abort', second)
  })
  d.addEventListener('abort', second)
  await tick(40)
  assert.deepEqual(ran, ['first'])
})
