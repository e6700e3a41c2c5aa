import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { loadTargets, parseInterval } from '../../src/monitor/index.js'

let dir: string
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-targets-'))
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function file(name: string, text: string): Promise<string> {
  const p = join(dir, name)
  await writeFile(p, text)
  return p
}

describe('loadTargets', () => {
  it('reads inline configs, config file paths and per-target intervals', async () => {
    await file(
      'shop.yml',
      'target: http://127.0.0.1:3001\nlogin:\n  url: /login\n  credentials: { username: alice, password: "${SG_TEST_PW}" }\n  check: { url: /account }\n',
    )
    const path = await file(
      'targets.yml',
      [
        'every: 30m',
        'targets:',
        '  - ./shop.yml',
        '  - { config: shop.yml, every: 1h, name: shop-hourly }',
        '  - target: http://127.0.0.1:3002',
        '    every: 5m',
        '    tokens: { samples: 100 }',
      ].join('\n'),
    )
    const targets = await loadTargets(path, { defaultEveryMs: 900_000, env: { SG_TEST_PW: 'pw-from-env' } })
    assert.deepEqual(
      targets.map((t) => [t.name, t.everyMs]),
      [
        ['http://127.0.0.1:3001', 1_800_000],
        ['shop-hourly', 3_600_000],
        ['http://127.0.0.1:3002', 300_000],
      ],
    )
    assert.equal((targets[0]!.config.login!.credentials as { password: string }).password, 'pw-from-env')
    // monitor keys never reach the scanner's strict schema
    assert.deepEqual(targets[2]!.config, { target: 'http://127.0.0.1:3002', tokens: { samples: 100 } })
  })

  it('uses --every when the file sets no interval', async () => {
    const path = await file('plain.yml', 'targets:\n  - target: http://127.0.0.1:3003\n')
    const [t] = await loadTargets(path, { defaultEveryMs: 42_000 })
    assert.equal(t?.everyMs, 42_000)
  })

  it('rejects what cannot be monitored with a config error that says where', async () => {
    const cases: Array<[string, RegExp]> = [
      ['targets: []\n', /at least one entry/],
      ['targets:\n  - { every: 5m }\n', /targets\[0\]: no "target"/],
      ['targets:\n  - { target: http://127.0.0.1:1, every: soon }\n', /targets\[0\]: every: not an interval/],
      [
        'targets:\n  - { target: "http://127.0.0.1:1", login: { credentials: { password: "${SG_UNSET_VAR_X}" } } }\n',
        /SG_UNSET_VAR_X is not set/,
      ],
      [
        'targets:\n  - { target: "http://127.0.0.1:1", request: { headers: { X-A: "${GITHUB_TOKEN}" } } }\n',
        /targets\[0\] refers to the environment variable GITHUB_TOKEN, which a config file may not read.*monitor --allow-env GITHUB_TOKEN/,
      ],
      ['targets: [\n', /not valid YAML/],
      ['targets:\n  - ./missing.yml\n', /cannot load scan config/],
    ]
    for (const [i, [text, message]] of cases.entries()) {
      const path = await file(`bad-${i}.yml`, text)
      await assert.rejects(
        loadTargets(path, { defaultEveryMs: 1000, env: { GITHUB_TOKEN: 'ghs_x' } }),
        (err: Error & { code?: string }) => {
          assert.equal(err.code, 'SG_MONITOR_CONFIG')
          assert.match(err.message, message)
          return true
        },
      )
    }
    await assert.rejects(loadTargets(join(dir, 'nope.yml'), { defaultEveryMs: 1000 }), { code: 'SG_MONITOR_CONFIG' })
  })
})

describe('parseInterval', () => {
  it('reads the units a schedule is written in and refuses zero and junk', () => {
    assert.equal(parseInterval('15m'), 900_000)
    assert.equal(parseInterval('1.5h'), 5_400_000)
    assert.equal(parseInterval('250ms'), 250)
    assert.equal(parseInterval(1000), 1000)
    for (const bad of ['0s', '-5m', 'soon', '', 0, null]) assert.equal(parseInterval(bad), undefined, String(bad))
  })
})
