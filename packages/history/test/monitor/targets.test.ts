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

  it("refuses a config file a target names at that file's line, and says which target named it", async () => {
    await file('broken.yml', 'target: http://127.0.0.1:3001\nscope:\n  timeout: soon\n')
    const path = await file('targets-broken.yml', 'targets:\n  - ./broken.yml\n')
    await assert.rejects(loadTargets(path, { defaultEveryMs: 1000, env: {} }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'SG_MONITOR_CONFIG')
      assert.match(err.message, /^targets\[0\] \(\.\/broken\.yml\): .*broken\.yml:3:3: scope\.timeout: not a duration: "soon"/)
      return true
    })
  })

  it('reads a targets file that is a bare list, with the lines of its entries', async () => {
    const path = await file('list.yml', '- target: http://127.0.0.1:3004\n- target: http://127.0.0.1:3005\n  every: never\n')
    await assert.rejects(loadTargets(path, { defaultEveryMs: 1000 }), /list\.yml:3:3: targets\[1\]: every: not an interval/)
  })

  it('uses --every when the file sets no interval', async () => {
    const path = await file('plain.yml', 'targets:\n  - target: http://127.0.0.1:3003\n')
    const [t] = await loadTargets(path, { defaultEveryMs: 42_000 })
    assert.equal(t?.everyMs, 42_000)
  })

  it('rejects what cannot be monitored with a config error that says where', async () => {
    const cases: Array<[string, RegExp]> = [
      ['targets: []\n', /:1:1: expected a "targets:" list with at least one entry/],
      ['targets:\n  - { every: 5m }\n', /:2:5: targets\[0\]: no "target"/],
      ['targets:\n  - { target: http://127.0.0.1:1, every: soon }\n', /:2:35: targets\[0\]: every: not an interval/],
      [
        'targets:\n  - { target: "http://127.0.0.1:1", login: { credentials: { password: "${SG_UNSET_VAR_X}" } } }\n',
        /:2:61: .*SG_UNSET_VAR_X, which is not set/,
      ],
      // the scan -c hint for an unquoted ${VAR} in a flow map, with its line
      [
        'targets:\n  - { target: http://127.0.0.1:1, login: { credentials: { password: ${SG_PW} } } }\n',
        /:2:\d+: invalid YAML: .*hint: inside \{ \} or \[ \], quote a \$\{VAR\} value: "\$\{SG_PW\}"/,
      ],
      ['targets: [\n', /:2:1: invalid YAML/],
      ['targets:\n  - ./missing.yml\n', /:2:5: targets\[0\]: cannot read config file .*missing\.yml: ENOENT/],
      // a target the scanner would refuse is refused here, at its key, before any scan
      [
        'targets:\n  - target: http://127.0.0.1:1\n    login:\n      url: /login\n      credentials: { username: a, password: b }\n      check: /account\n',
        /:6:7: login\.check: expected a mapping with url, contains, status, got "\/account"$/,
      ],
      ['targets:\n  - target: http://127.0.0.1:1\n    fail_onn: high\n', /:3:5: unknown key "fail_onn" \(did you mean fail_on\?\)$/],
      [
        'targets:\n  - { target: "http://127.0.0.1:1", request: { headers: { X-A: "${GITHUB_TOKEN}" } } }\n',
        /:2:\d+: targets\.0\.request\.headers\.X-A refers to the environment variable GITHUB_TOKEN, which a config file may not read.*monitor --allow-env GITHUB_TOKEN/,
      ],
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
