import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readBoundedText } from '../../src/config/read-file.js'
import { loadConfigFile } from '../../src/config/load.js'
import { readBaseline } from '../../src/triage/baseline.js'

// A FIFO nobody writes: a blocking open waits for a writer forever, so on the old code these tests end
// by their timeout instead of by an answer.
const fifo = process.platform === 'win32' ? describe.skip : describe

fifo('a path a file named must be a regular file: a pipe or device is refused at once', () => {
  test('a FIFO with no writer is refused as a pipe, not waited on', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-fifo-'))
    try {
      const path = join(dir, 'baseline.json')
      execFileSync('mkfifo', [path])
      await assert.rejects(readBoundedText(path, 1024), /not a regular file \(a pipe\)/)
      await assert.rejects(readBaseline(path), /--baseline .*baseline\.json: cannot read it \(not a regular file \(a pipe\)\)/)
      await assert.rejects(loadConfigFile(path), /cannot read config file .*: not a regular file \(a pipe\)/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('a device (/dev/zero) and a directory are refused by kind', async () => {
    await assert.rejects(readBoundedText('/dev/zero', 1024), /not a regular file \(a device or socket\)/)
    await assert.rejects(readBoundedText(tmpdir(), 1024), /not a regular file \(a directory\)/)
  })

  test('a regular file is read, up to the cap', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-file-'))
    try {
      const path = join(dir, 'c.yml')
      await writeFile(path, 'target: http://127.0.0.1:9\n')
      assert.equal(await readBoundedText(path, 1024), 'target: http://127.0.0.1:9\n')
      assert.equal(await readBoundedText(path, 10), undefined)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

fifo('a config path the operator typed may be a pipe (-c <(…), -c /dev/stdin)', () => {
  test('a FIFO that a process writes is read whole', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-fifo-'))
    try {
      const path = join(dir, 'config.yml')
      execFileSync('mkfifo', [path])
      const loading = loadConfigFile(path, {}, {}, { pipes: true })
      // the writer opens the FIFO after the reader has begun: a non-blocking read would see no data yet
      // (in this process: a child node would take its own start-up time on a loaded machine)
      await new Promise((r) => setTimeout(r, 200))
      await writeFile(path, 'target: http://127.0.0.1:9\n')
      const loaded = await loading
      assert.equal(loaded.input.target, 'http://127.0.0.1:9')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('an endless device is still read no further than the cap', async () => {
    await assert.rejects(loadConfigFile('/dev/zero', {}, {}, { pipes: true }), /larger than 1024 KB/)
  })
})
