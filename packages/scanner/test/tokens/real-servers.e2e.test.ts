// Ids issued by real session implementations, collected over HTTP the way the scan collects them.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import express from 'express'
import session from 'express-session'
import { freePort, listen, waitFor } from '@sessionguard/testkit'
import { analyzeTokens, collectTokens, matchesPrediction, type CompleteTokenAnalysis } from '../../src/tokens/index.js'
import { tokenFindings } from '../../src/checks/tokens/findings.js'

const cleanups: Array<() => Promise<void> | void> = []
after(async () => {
  for (const c of cleanups.reverse()) await c()
})

/** One fresh client per call: no cookie sent, the issued one read from Set-Cookie. */
function fetcher(url: string, name: string): () => Promise<string | undefined> {
  return async () => {
    const res = await fetch(url, { redirect: 'manual' })
    await res.arrayBuffer()
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const eq = pair!.indexOf('=')
      if (pair!.slice(0, eq).trim() === name) return pair!.slice(eq + 1).trim()
    }
    return undefined
  }
}

function analysed(tokens: string[]): CompleteTokenAnalysis {
  const a = analyzeTokens(tokens)
  assert.equal(a.status, 'analysed', a.summary)
  return a as CompleteTokenAnalysis
}

test('express-session ids: the signed connect.sid is unwrapped and its 192-bit id judged strong', async () => {
  const app = express()
  app.use(session({ secret: 'test-secret-not-real', resave: false, saveUninitialized: true }))
  app.get('/', (_req, res) => {
    res.send('ok')
  })
  const server = await listen(createServer(app))
  cleanups.push(() => server.close())
  const tokens = await collectTokens(fetcher(`${server.url}/`, 'connect.sid'), { samples: 300, concurrency: 8 })
  assert.equal(tokens.length, 300)
  assert.match(tokens[0]!, /^s%3A/)
  const a = analysed(tokens)
  assert.equal(a.decoding.wrapper, 'connect-signed')
  assert.equal(a.decoding.urlEncoded, true)
  assert.equal(a.decoding.encoding, 'base64url')
  assert.equal(a.bits.capacity, 192)
  assert.deepEqual(
    a.detections.filter((d) => d.fired),
    [],
  )
  assert.equal(a.verdict, 'strong')
  assert.deepEqual(tokenFindings(a, { framework: 'express', evidence: [] }), [])
})

test('PHP session ids (php -S, session_start) match the configured sid length and bits per character', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-php-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'index.php'), '<?php session_start(); echo "ok";\n')
  const ini = spawnSync('php', ['-r', 'echo ini_get("session.sid_length"), " ", ini_get("session.sid_bits_per_character");'], {
    encoding: 'utf8',
  })
  const [length, perChar] = ini.stdout.trim().split(' ').map(Number) as [number, number]
  const truth = length * perChar
  const port = await freePort()
  const php = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', dir], { stdio: 'ignore' })
  cleanups.push(
    () =>
      new Promise<void>((done) => {
        if (php.exitCode !== null) return done()
        php.once('exit', () => done())
        php.kill('SIGTERM')
      }),
  )
  const url = `http://127.0.0.1:${port}/index.php`
  await waitFor(
    async () => {
      try {
        return (await fetch(url)).ok
      } catch {
        return false
      }
    },
    { timeoutMs: 20_000, what: 'php -S', isDead: () => php.exitCode !== null },
  )
  // the built-in server handles one request at a time
  const tokens = await collectTokens(fetcher(url, 'PHPSESSID'), { samples: 300, concurrency: 2 })
  assert.equal(tokens.length, 300)
  const a = analysed(tokens)
  assert.equal(a.decoding.length.max, length)
  assert.deepEqual(
    a.detections.filter((d) => d.fired),
    [],
  )
  assert.ok(Math.abs(a.bits.capacity - truth) <= perChar, `capacity ${a.bits.capacity} for ${length}×${perChar} bits`)
  assert.ok(a.effective.bits >= truth - 3 && a.effective.bits <= truth, `${a.effective.bits} bits (${a.effective.method}) vs ${truth}`)
  assert.equal(a.verdict, truth >= 128 ? 'strong' : 'marginal')
})

test('a server issuing md5(counter) ids is predicted, and the next id it issues matches the prediction', async () => {
  let counter = 7000
  const server = await listen(
    createServer((_req, res) => {
      const id = createHash('md5').update(String(counter++)).digest('hex')
      res.setHeader('set-cookie', `sid=${id}; Path=/; HttpOnly`)
      res.end('ok')
    }),
  )
  cleanups.push(() => server.close())
  const fetchOne = fetcher(`${server.url}/`, 'sid')
  const a = analysed(await collectTokens(fetchOne, { samples: 200, concurrency: 4 }))
  assert.equal(a.verdict, 'predictable')
  const next = (await fetchOne())!
  assert.equal(a.predictions[0], next)
  assert.equal(matchesPrediction(a, next), true)
  const finding = tokenFindings(a, {
    framework: 'generic',
    evidence: [],
    verifiedPrediction: { predicted: a.predictions, actual: next, matched: true },
  })
  assert.equal(finding.find((f) => f.id === 'SG-TOKEN-PREDICT')?.confidence, 'confirmed')
})
