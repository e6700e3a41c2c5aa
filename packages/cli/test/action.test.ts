import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { parse } from 'yaml'
import { repoRoot } from '@sessionguard/testkit'
import { ConfigError } from '@sessionguard/scanner'
import { INPUT_DEFAULTS, OUTPUT_NAMES, readInputs } from '../src/action/inputs.js'
import { cliArgs, PASSWORD_VAR } from '../src/action/cli-args.js'
import { ACTION_BUNDLE } from '../src/action/build.js'

interface ActionYml {
  inputs: Record<string, { default?: string }>
  outputs: Record<string, unknown>
  runs: { using: string; main: string }
}

const actionYml = parse(readFileSync(resolve(repoRoot, 'action.yml'), 'utf8')) as ActionYml

describe('action.yml', () => {
  it('declares exactly the inputs the entry reads, with the same defaults', () => {
    assert.deepEqual(Object.keys(actionYml.inputs).sort(), Object.keys(INPUT_DEFAULTS).sort())
    for (const [name, spec] of Object.entries(actionYml.inputs)) {
      assert.equal(String(spec.default ?? ''), INPUT_DEFAULTS[name as keyof typeof INPUT_DEFAULTS], name)
    }
  })

  it('declares exactly the outputs the entry writes', () => {
    assert.deepEqual(Object.keys(actionYml.outputs).sort(), [...OUTPUT_NAMES].sort())
  })

  it('runs the committed bundle on node20', () => {
    assert.equal(actionYml.runs.using, 'node20')
    assert.equal(actionYml.runs.main, relative(repoRoot, ACTION_BUNDLE).split('\\').join('/'))
    assert.ok(existsSync(ACTION_BUNDLE), `${ACTION_BUNDLE} is missing: node --conditions=source --import tsx packages/cli/src/action/build.ts`)
  })
})

describe('action inputs', () => {
  const env = (inputs: Record<string, string>): NodeJS.ProcessEnv =>
    Object.fromEntries(Object.entries({ ...INPUT_DEFAULTS, ...inputs }).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))

  it('reads hyphenated names the way the runner passes them (INPUT_FAIL-ON) and turns them into CLI flags', () => {
    const inputs = readInputs(env({ target: 'http://127.0.0.1:3000', 'fail-on': 'medium', threshold: '70', 'login-url': '/login', username: 'alice', password: 'pw', 'check-url': '/account' }))
    const args = cliArgs(inputs, '/tmp/r.json')
    assert.deepEqual(args.slice(0, 2), ['scan', 'http://127.0.0.1:3000'])
    const flag = (name: string): string | undefined => args[args.indexOf(name) + 1]
    assert.equal(flag('--fail-on'), 'medium')
    assert.equal(flag('--threshold'), '70')
    assert.equal(flag('--login-url'), '/login')
    assert.equal(flag('--check-url'), '/account')
    assert.equal(flag('--password-env'), PASSWORD_VAR)
    assert.equal(args.includes('pw'), false, 'the password never goes on the command line')
  })

  it('leaves the gate to the config file when fail-on is none', () => {
    const args = cliArgs(readInputs(env({ config: 'sessionguard.yml', 'fail-on': 'none' })), '/tmp/r.json')
    assert.equal(args.includes('--fail-on'), false)
    assert.equal(args[args.indexOf('--config') + 1], 'sessionguard.yml')
  })

  it('refuses bad values with a message naming the input', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ target: 'http://127.0.0.1', 'fail-on': 'severe' }, /fail-on/],
      [{ target: 'http://127.0.0.1', threshold: '101' }, /threshold/],
      [{ target: 'http://127.0.0.1', format: 'pdf' }, /format/],
      [{ target: 'http://127.0.0.1', password: 'a', 'password-env': 'B' }, /password/],
      [{}, /target/],
    ]
    for (const [given, message] of cases) assert.throws(() => readInputs(env(given)), (err: unknown) => err instanceof ConfigError && message.test(err.message))
  })
})
